# Seed: "asyncio subprocess", the document's title program: start `ls` with its output inherited,
# wait for it on the loop, set an Event, and a waiting task reports that the process completed.
# (The document calls add_done_callback on the Event, which asyncio's Event does not have; the
# Event is set once wait() returns instead.) `ls` lists an empty directory, so it prints nothing
# and the output is the same on every machine.
import asyncio
import tempfile

async def report(done):
    print("Waiting for ls to finish")
    await done.wait()
    print("Process completed")

async def main():
    done = asyncio.Event()
    print("Starting ls")
    reporter = asyncio.create_task(report(done))
    with tempfile.TemporaryDirectory() as empty:
        process = await asyncio.create_subprocess_exec("ls", cwd=empty)
        returncode = await process.wait()
    print(f"ls exited with {returncode}")
    done.set()
    await reporter

asyncio.run(main())
