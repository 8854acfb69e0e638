"""S1 lock uncontended: one task, 1,000,000 x (acquire; counter++; release)."""
import asyncio
from bench import check, measure

ITERATIONS = 1_000_000


async def main():
    lock = asyncio.Lock()
    counter = 0
    for _ in range(ITERATIONS):
        await lock.acquire()
        counter += 1
        lock.release()
    check("S1", "counter", ITERATIONS, counter)


measure("S1", ITERATIONS, main)
