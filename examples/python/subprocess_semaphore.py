# What users do with subprocesses: several children at once under a Semaphore(2), each child's
# stdout read line by line as it runs. The lines are printed at the end, in job order, so that
# the output is the same however the children's timing falls.
import asyncio

JOBS = 5

async def run_job(n, limit, counts, results):
    async with limit:
        counts["running"] += 1
        counts["most"] = max(counts["most"], counts["running"])
        process = await asyncio.create_subprocess_exec(
            "sh", "-c", f'for i in 1 2 3; do echo "job {n} step $i"; sleep 0.02; done',
            stdout=asyncio.subprocess.PIPE)
        lines = []
        while line := await process.stdout.readline():
            lines.append(line.decode().rstrip("\n"))
        returncode = await process.wait()
        counts["running"] -= 1
    results[n] = (returncode, lines)

async def main():
    limit = asyncio.Semaphore(2)
    counts = {"running": 0, "most": 0}
    results = {}
    await asyncio.gather(*(run_job(n, limit, counts, results) for n in range(1, JOBS + 1)))
    for n in range(1, JOBS + 1):
        returncode, lines = results[n]
        print(f"job {n}: exit {returncode}, {len(lines)} lines: {' | '.join(lines)}")
    print(f"at most {counts['most']} children ran at once")

asyncio.run(main())
