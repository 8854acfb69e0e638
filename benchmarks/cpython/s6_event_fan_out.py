"""S6 event fan-out: 10,000 tasks wait on one Event, set once; 20 rounds. Ops: wakeups."""
import asyncio
from bench import check, measure

WAITERS, ROUNDS = 10_000, 20
woken = set_before_wait = 0


async def waiter(go, round_done):
    global woken, set_before_wait
    for r in range(ROUNDS):
        if go[r].is_set():
            set_before_wait += 1
        await go[r].wait()
        woken += 1
        if woken % WAITERS == 0:
            round_done[r].set()


async def main():
    go = [asyncio.Event() for _ in range(ROUNDS)]
    round_done = [asyncio.Event() for _ in range(ROUNDS)]
    tasks = [asyncio.create_task(waiter(go, round_done)) for _ in range(WAITERS)]
    await asyncio.sleep(0)  # every waiter is waiting on round 0
    for r in range(ROUNDS):
        go[r].set()
        await round_done[r].wait()
    await asyncio.gather(*tasks)
    check("S6", "waits that found the event set", 0, set_before_wait)
    check("S6", "wakeups", WAITERS * ROUNDS, woken)


measure("S6", WAITERS * ROUNDS, main)
