"""S5 queue: Queue(100), 1 producer puts 1,000,000 ints, 4 consumers get them; check the sum."""
import asyncio
from bench import SENTINEL, check, measure, sum_below

CAPACITY, ITEMS, CONSUMERS = 100, 1_000_000, 4
total = count = 0


async def producer(queue):
    for i in range(ITEMS):
        await queue.put(i)
    for _ in range(CONSUMERS):
        await queue.put(SENTINEL)


async def consumer(queue):
    global total, count
    while True:
        x = await queue.get()
        if x == SENTINEL:
            break
        total += x
        count += 1


async def main():
    queue = asyncio.Queue(CAPACITY)
    await asyncio.gather(producer(queue), *(consumer(queue) for _ in range(CONSUMERS)))
    check("S5", "items", ITEMS, count)
    check("S5", "sum", sum_below(ITEMS), total)


measure("S5", ITEMS, main)
