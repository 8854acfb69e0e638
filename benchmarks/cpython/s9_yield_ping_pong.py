"""S9 yield ping-pong: 2 tasks alternate 1,000,000 zero-sleeps in total."""
import asyncio
from bench import check, measure

YIELDS = 1_000_000
last, steps, switches = -1, 0, 0


async def player(me):
    global last, steps, switches
    for _ in range(YIELDS // 2):
        if last != me:
            switches += 1
        last = me
        steps += 1
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(player(0), player(1))
    check("S9", "steps", YIELDS, steps)
    check("S9", "alternations", YIELDS, switches)


measure("S9", YIELDS, main)
