"""SUBPROCESS spawn: 200 `true` children started and waited for, at most 10 at a time
(a Semaphore(10)), every stream DEVNULL; check that all exited with 0. SubprocessBenchmark.java
runs the same in asyncio4j."""
import asyncio
from asyncio.subprocess import DEVNULL
from bench import check, measure

CHILDREN = 200
AT_ONCE = 10


async def run_true(limit):
    async with limit:
        process = await asyncio.create_subprocess_exec("true", stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)
        return await process.wait()


async def main():
    limit = asyncio.Semaphore(AT_ONCE)
    codes = await asyncio.gather(*(run_true(limit) for _ in range(CHILDREN)))
    check("SUBPROCESS", "children that exited with 0", CHILDREN, codes.count(0))


measure("SUBPROCESS", CHILDREN, main)
