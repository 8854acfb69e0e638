# Seed: "Asynchronous Programming", first example.
import asyncio

async def say_hello():
    print("Hello")
    await asyncio.sleep(1)  # Simulate I/O wait
    print("World")

async def main():
    await asyncio.gather(say_hello(), say_hello())  # Run concurrently

asyncio.run(main())
