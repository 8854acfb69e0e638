# Seed: "Synchronization and Coordination", ex_4_4. CPython prints the repr
# "<asyncio.locks.Barrier object at 0x... [filling, waiters:2/3]>"; Java prints toString(),
# "Barrier[filling, waiters:2/3]": the state in brackets is the same.
import asyncio

async def example_barrier():
    b = asyncio.Barrier(3)
    asyncio.create_task(b.wait())
    asyncio.create_task(b.wait())
    await asyncio.sleep(0)
    print(b)
    await b.wait()
    print(b)
    print("barrier passed")
    await asyncio.sleep(0)
    print(b)

asyncio.run(example_barrier())
