# Seed: "Synchronization Primitives in Python's asyncio Module", Lock (use_restroom; main added).
import asyncio

restroom_lock = asyncio.Lock()

async def use_restroom(user):
    # Acquire (lock) the lock
    await restroom_lock.acquire()
    # Use the restroom
    print(f"{user} is using the restroom.")
    await asyncio.sleep(1)
    print(f"{user} leaves the restroom.")
    # Release (unlock) the lock
    restroom_lock.release()

async def main():
    await asyncio.gather(use_restroom("Alice"), use_restroom("Bob"), use_restroom("Carol"))

asyncio.run(main())
