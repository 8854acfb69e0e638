# Seed: "Advanced Asyncio Features", asyncio and multiprocessing (a thread pool in Java: no processes).
import asyncio
import concurrent.futures

def cpu_bound_task(n):
    return sum(i * i for i in range(n))

async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor() as pool:
        result = await loop.run_in_executor(pool, cpu_bound_task, 10**6)
        print(f"Result: {result}")

asyncio.run(main())
