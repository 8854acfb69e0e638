# Seed: "Synchronization Primitives in Python's asyncio Module", Barrier and BrokenBarrierError:
# two parties wait at a barrier of 3, it is aborted, each catches BrokenBarrierError and waits
# at a new barrier of 3 that the main task completes.
import asyncio

async def party(name, barriers):
    try:
        await barriers[0].wait()
    except asyncio.BrokenBarrierError:
        print(f"{name}: barrier was broken while waiting")
        await barriers[1].wait()
    print(f"{name} passed")

async def main():
    barriers = [asyncio.Barrier(3), asyncio.Barrier(3)]
    tasks = [asyncio.create_task(party(f"Task {i}", barriers)) for i in range(2)]
    await asyncio.sleep(0)
    print(f"Waiting: {barriers[0].n_waiting}/{barriers[0].parties}")
    await barriers[0].abort()
    print(f"Broken: {barriers[0].broken}")
    await asyncio.sleep(0)
    await barriers[1].wait()
    print("All tasks have finished")
    await asyncio.gather(*tasks)

asyncio.run(main())
