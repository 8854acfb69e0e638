"""S2 lock contended: 1,000 tasks x 1,000 x (acquire; counter++; yield; release)."""
import asyncio
from bench import check, measure

TASKS, ITERATIONS = 1_000, 1_000
counter = 0


async def worker(lock):
    global counter
    for _ in range(ITERATIONS):
        await lock.acquire()
        try:
            counter += 1
            await asyncio.sleep(0)
        finally:
            lock.release()


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(worker(lock) for _ in range(TASKS)))
    check("S2", "counter", TASKS * ITERATIONS, counter)


measure("S2", TASKS * ITERATIONS, main)
