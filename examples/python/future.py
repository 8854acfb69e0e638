# Seed: "Asynchronous Programming", Futures.
import asyncio

async def set_future_result(future):
    await asyncio.sleep(1)
    future.set_result("Future resolved!")

async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    asyncio.create_task(set_future_result(future))
    result = await future
    print(result)

asyncio.run(main())
