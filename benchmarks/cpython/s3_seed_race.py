"""S3 seed race: 10,000 tasks each (acquire; tmp = value; yield; value = tmp + 1; release)."""
import asyncio
from bench import check, measure

TASKS = 10_000
value = 0


async def worker(lock):
    global value
    async with lock:
        tmp = value
        await asyncio.sleep(0)
        value = tmp + 1


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(worker(lock) for _ in range(TASKS)))
    check("S3", "value", TASKS, value)


measure("S3", TASKS, main)
