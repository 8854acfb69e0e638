# Seed: "Asynchronous Programming", Synchronization, Semaphore.
import asyncio

async def access_api(semaphore, name):
    async with semaphore:
        print(f"{name} making API call")
        await asyncio.sleep(1)  # Simulate API delay
        print(f"{name} finished API call")

async def main():
    semaphore = asyncio.Semaphore(2)  # Allow 2 concurrent calls
    tasks = [access_api(semaphore, f"Task {i}") for i in range(5)]
    await asyncio.gather(*tasks)

asyncio.run(main())
