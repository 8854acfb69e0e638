"""Shared by the ten scenario scripts: time one scenario around asyncio.run and print one line.

Each script is issue 6's scenario with the parameters of Scenarios.java, standard library only.
The line it prints, read by the report generator (dev.asyncio4j.benchmarks.Report):
    CPYTHON <scenario> ops=<n> seconds=<s> ops_per_s=<n/s> python=<version>
A failed check raises, and the script exits non-zero.
"""
import asyncio
import sys
import time

SENTINEL = -1


def check(scenario, what, expected, actual):
    if expected != actual:
        raise AssertionError(f"{scenario}: {what} was {actual}, expected {expected}")
    return actual


def sum_below(n):
    return n * (n - 1) // 2


def measure(scenario, ops, main):
    """Runs asyncio.run(main()) once and prints its throughput in scenario operations per second."""
    start = time.perf_counter()
    asyncio.run(main())
    seconds = time.perf_counter() - start
    version = ".".join(map(str, sys.version_info[:3]))
    print(f"CPYTHON {scenario} ops={ops} seconds={seconds:.6f} ops_per_s={ops / seconds:.1f} python={version}")
    sys.stdout.flush()
