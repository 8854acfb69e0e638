# Seed: "Advanced Asyncio Features", Locks.
import asyncio

lock = asyncio.Lock()

async def critical_section():
    async with lock:
        print("Lock acquired")
        await asyncio.sleep(1)
        print("Lock released")

async def main():
    await asyncio.gather(critical_section(), critical_section())

asyncio.run(main())
