# Seed: "Asynchronous Programming", Tasks, example 3.
import asyncio

async def process_item(item: int):
    print(f"Processing item {item}")
    await asyncio.sleep(item)
    if item == 3:
        raise ValueError(f"Failed to process item {item}")
    return f"Processed {item}"

async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(process_item(i)) for i in range(1, 5)]
    for task in tasks:
        if task.done() and not task.cancelled():
            try:
                print(f"Result: {task.result()}")
            except Exception as e:
                print(f"Error: {e}")

try:
    asyncio.run(main())
except Exception as e:
    print(f"TaskGroup caught: {e}")
