"""S10 condition buffer: a buffer of 10 guarded by a Condition, 1 producer, 4 consumers, 200,000 items.

Two Conditions share one Lock (not full, not empty), as the JVM versions do.
"""
import asyncio
import collections
from bench import check, measure, sum_below

CAPACITY, ITEMS, CONSUMERS = 10, 200_000, 4
total = count = 0
done = False


async def producer(lock, not_full, not_empty, buffer):
    global done
    for i in range(ITEMS):
        async with lock:
            await not_full.wait_for(lambda: len(buffer) < CAPACITY)
            buffer.append(i)
            not_empty.notify()
    async with lock:
        done = True
        not_empty.notify_all()


async def consumer(lock, not_full, not_empty, buffer):
    global total, count
    while True:
        async with lock:
            await not_empty.wait_for(lambda: buffer or done)
            if not buffer:
                break
            total += buffer.popleft()
            count += 1
            not_full.notify()


async def main():
    lock = asyncio.Lock()
    not_full, not_empty = asyncio.Condition(lock), asyncio.Condition(lock)
    buffer = collections.deque()
    args = (lock, not_full, not_empty, buffer)
    await asyncio.gather(producer(*args), *(consumer(*args) for _ in range(CONSUMERS)))
    check("S10", "items", ITEMS, count)
    check("S10", "sum", sum_below(ITEMS), total)


measure("S10", ITEMS, main)
