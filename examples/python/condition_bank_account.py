# Seed: "Synchronization Primitives in Python's asyncio Module", asyncio.Condition (bank account).
# The seed's code cannot run as printed (account is assigned inside customer() without `global`,
# and nobody ever deposits or notifies, so a waiting customer would wait forever). Repaired: a
# teller deposits money and notifies the waiting customers, who re-check the balance in a loop.
import asyncio

account = 0
condition = asyncio.Condition()

async def customer(name, amount):
    global account
    async with condition:
        while account < amount:
            print(f"{name} waits to withdraw {amount} (balance {account})")
            await condition.wait()
        account -= amount
        print(f"{name} withdrew {amount}")

async def teller():
    global account
    for deposit in (250, 250, 100):
        await asyncio.sleep(1)
        async with condition:
            account += deposit
            print(f"Deposited {deposit}, balance {account}")
            condition.notify_all()

async def main():
    customers = [customer("Alice", 100), customer("Bob", 200), customer("Charlie", 300)]
    await asyncio.gather(*customers, teller())
    print(f"Final balance: {account}")

asyncio.run(main())
