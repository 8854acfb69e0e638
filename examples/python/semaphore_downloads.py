# Seed: "Using asyncio.Semaphore for Limiting Concurrency" (limited_task; main added: 5 downloads).
import asyncio

sem = asyncio.Semaphore(3)

async def limited_task(n):
    async with sem:
        print(f"Task {n} started")
        await asyncio.sleep(2)
        print(f"Task {n} finished")

async def main():
    await asyncio.gather(*(limited_task(n) for n in range(5)))

asyncio.run(main())
