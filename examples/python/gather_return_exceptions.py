# Seed: "Asynchronous Programming", Tasks, example 2.
import asyncio

async def risky_operation(id: int):
    print(f"Starting operation {id}")
    await asyncio.sleep(1)
    if id == 2:
        raise ValueError(f"Error in operation {id}")
    return f"Result {id}"

async def main():
    tasks = [asyncio.create_task(risky_operation(i)) for i in range(3)]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        print(f"Result: {result}")

asyncio.run(main())
