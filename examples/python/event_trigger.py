# Seed: "Asynchronous Programming", Synchronization, Event.
import asyncio

async def waiter(event, name):
    print(f"{name} waiting for event")
    await event.wait()
    print(f"{name} proceeding after event")

async def trigger(event):
    print("Trigger task started")
    await asyncio.sleep(1)
    print("Setting event")
    event.set()

async def main():
    event = asyncio.Event()
    tasks = [waiter(event, f"Waiter {i}") for i in range(3)] + [trigger(event)]
    await asyncio.gather(*tasks)

asyncio.run(main())
