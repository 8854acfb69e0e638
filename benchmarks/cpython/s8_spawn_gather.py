"""S8 spawn + gather: 100,000 trivial tasks (task i returns i), gathered; check the sum."""
import asyncio
from bench import check, measure, sum_below

TASKS = 100_000


async def trivial(i):
    return i


async def main():
    results = await asyncio.gather(*(asyncio.create_task(trivial(i)) for i in range(TASKS)))
    check("S8", "sum", sum_below(TASKS), sum(results))


measure("S8", TASKS, main)
