"""S4 semaphore: Semaphore(10), 100,000 tasks each (acquire; yield; release); at most 10 inside."""
import asyncio
from bench import check, measure

PERMITS, TASKS = 10, 100_000
inside = most = entries = 0


async def worker(sem):
    global inside, most, entries
    async with sem:
        entries += 1
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0)
        inside -= 1


async def main():
    sem = asyncio.Semaphore(PERMITS)
    await asyncio.gather(*(worker(sem) for _ in range(TASKS)))
    check("S4", f"at most {PERMITS} inside", True, most <= PERMITS)
    check("S4", "entries", TASKS, entries)


measure("S4", TASKS, main)
