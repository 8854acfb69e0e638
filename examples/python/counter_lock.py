# Seed: "Asynchronous Programming", Synchronization, Lock.
import asyncio

async def increment_counter(lock, counter, name):
    async with lock:
        current = counter[0]
        print(f"{name} read counter: {current}")
        await asyncio.sleep(0.1)  # Simulate work
        counter[0] = current + 1
        print(f"{name} set counter: {counter[0]}")

async def main():
    counter = [0]
    lock = asyncio.Lock()
    tasks = [increment_counter(lock, counter, f"Task {i}") for i in range(3)]
    await asyncio.gather(*tasks)
    print(f"Final counter: {counter[0]}")

asyncio.run(main())
