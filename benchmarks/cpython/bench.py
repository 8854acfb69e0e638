"""Shared by the ten scenario scripts: time one run of a scenario on a fresh event loop, print one line.

Each script is issue 6's scenario with the parameters of Scenarios.java, standard library only.
With BENCH_LOOP=uvloop in the environment the same script runs on uvloop's event loop instead of
asyncio's own (uvloop must be importable: Debian's python3-uvloop, or pip install uvloop).
The line it prints, read by the report generator (dev.asyncio4j.benchmarks.Report):
    CPYTHON <scenario> ops=<n> seconds=<s> ops_per_s=<n/s> python=<version> executable=<path> loop=<asyncio|uvloop>
    (and uvloop=<version> after loop=uvloop)
A failed check raises, and the script exits non-zero.
"""
import asyncio
import os
import sys
import time

LOOP = os.environ.get("BENCH_LOOP", "asyncio")

SENTINEL = -1


def check(scenario, what, expected, actual):
    if expected != actual:
        raise AssertionError(f"{scenario}: {what} was {actual}, expected {expected}")
    return actual


def sum_below(n):
    return n * (n - 1) // 2


def run(main):
    """asyncio.run(main()), on uvloop's loop when BENCH_LOOP=uvloop."""
    if LOOP == "asyncio":
        return asyncio.run(main())
    if LOOP != "uvloop":
        raise ValueError(f"BENCH_LOOP={LOOP}: asyncio or uvloop")
    import uvloop
    if hasattr(uvloop, "run"):  # uvloop >= 0.18
        return uvloop.run(main())
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return asyncio.run(main())


def measure(scenario, ops, main):
    """Runs main() once on a fresh loop and prints its throughput in scenario operations per second."""
    start = time.perf_counter()
    run(main)
    seconds = time.perf_counter() - start
    version = ".".join(map(str, sys.version_info[:3]))
    loop = LOOP if LOOP == "asyncio" else f"uvloop uvloop={sys.modules['uvloop'].__version__}"
    print(f"CPYTHON {scenario} ops={ops} seconds={seconds:.6f} ops_per_s={ops / seconds:.1f} python={version}"
          f" executable={sys.executable} loop={loop}")
    sys.stdout.flush()
