# Seed: "Asynchronous Programming", Tasks, example 5.
import asyncio

async def long_task(id: int):
    print(f"Task {id} started")
    await asyncio.sleep(id * 2)
    print(f"Task {id} completed")
    return f"Result {id}"

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(long_task(i)) for i in range(1, 4)]
            results = await asyncio.wait_for(
                asyncio.gather(*tasks, return_exceptions=True),
                timeout=3
            )
            print("Results:", results)
    except asyncio.TimeoutError:
        print("Timeout! Tasks were cancelled by TaskGroup")
    except Exception as e:
        print(f"Error: {e}")

asyncio.run(main())
