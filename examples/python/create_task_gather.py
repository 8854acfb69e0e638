# Seed: "Asynchronous Programming", Tasks, example 1 (the "Total time" line is left out: it varies).
import asyncio

async def fetch_data(server_id: int) -> str:
    print(f"Fetching data from server {server_id}")
    await asyncio.sleep(server_id)  # Simulate network delay
    return f"Data from server {server_id}"

async def main():
    task1 = asyncio.create_task(fetch_data(1))
    task2 = asyncio.create_task(fetch_data(2))
    task3 = asyncio.create_task(fetch_data(3))
    results = await asyncio.wait_for(asyncio.gather(task1, task2, task3), timeout=4)
    print("Results:", results)

asyncio.run(main())
