"""Echo over TCP on 127.0.0.1: the asyncio streams program of EchoBenchmark.java.

N clients (1 and 100) each make request/response round trips of 100 bytes through one
asyncio.start_server echo server, 20,000 round trips in all, on one loop. Run from this directory:
    python3 echo.py                      # asyncio's own loop
    BENCH_LOOP=uvloop python3 echo.py    # uvloop's (benchmarks/run does both when uvloop imports)
Prints, per N, the line bench.measure prints (scenario ECHO-<N>; its loop= field names the loop).
"""
import asyncio
from bench import check, measure

HOST = "127.0.0.1"
ROUND_TRIPS = 20_000
MESSAGE = 100


async def serve(reader, writer):
    while data := await reader.read(65_536):
        writer.write(data)
        await writer.drain()
    writer.close()


async def client(port, left, done):
    reader, writer = await asyncio.open_connection(HOST, port)
    request = bytes(MESSAGE)
    for _ in range(left):
        writer.write(request)
        await reader.readexactly(MESSAGE)
        done[0] += 1
    writer.close()
    await writer.wait_closed()


def echo(clients):
    async def main():
        server = await asyncio.start_server(serve, HOST, 0)
        port = server.sockets[0].getsockname()[1]
        done = [0]
        await asyncio.gather(*(client(port, ROUND_TRIPS // clients, done) for _ in range(clients)))
        server.close()
        await server.wait_closed()
        check(f"ECHO-{clients}", "round trips", ROUND_TRIPS, done[0])
    return main


for n in (1, 100):
    measure(f"ECHO-{n}", ROUND_TRIPS, echo(n))
