# Seed: "Asynchronous Programming", Tasks, example 4.
import asyncio

async def background_monitor():
    while True:
        print("Monitoring...")
        await asyncio.sleep(2)

async def main():
    task = asyncio.create_task(background_monitor())
    for i in range(3):
        print(f"Main step {i}")
        await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("Background task cancelled")

asyncio.run(main())
