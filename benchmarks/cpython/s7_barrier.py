"""S7 barrier: Barrier(100), 100 tasks pass it 1,000 times each. Ops: passes."""
import asyncio
from bench import check, measure, sum_below

PARTIES, ROUNDS = 100, 1_000
total = passes = 0


async def party(barrier):
    global total, passes
    for _ in range(ROUNDS):
        index = await barrier.wait()  # not `total += await ...`: that reads total before the await
        total += index
        passes += 1


async def main():
    barrier = asyncio.Barrier(PARTIES)
    await asyncio.gather(*(party(barrier) for _ in range(PARTIES)))
    check("S7", "passes", PARTIES * ROUNDS, passes)
    check("S7", "sum of arrival indices", ROUNDS * sum_below(PARTIES), total)


measure("S7", PARTIES * ROUNDS, main)
