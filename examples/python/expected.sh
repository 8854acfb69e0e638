#!/bin/sh
# Regenerates examples/src/test/resources/expected/NAME.txt from CPython (3.11 here): the lines
# every Java and Kotlin version of the scenario must print. CPython's Barrier repr
# "<asyncio.locks.Barrier object at 0x... [state]>" becomes Java's toString(), "Barrier[state]".
# NAME.kotlin.txt files (known Kotlin differences) are kept as they are.
set -e
cd "$(dirname "$0")"
for f in *.py; do
  n=$(basename "$f" .py | tr _ -)
  python3 "$f" | sed -E 's/<asyncio.locks.Barrier object at 0x[0-9a-f]+ \[(.*)\]>/Barrier[\1]/' > "../src/test/resources/expected/$n.txt"
done
