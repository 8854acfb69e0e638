package dev.asyncio4j.examples

import dev.asyncio4j.Event
import dev.asyncio4j.Semaphore
import dev.asyncio4j.Stdio
import dev.asyncio4j.SubprocessOptions
import dev.asyncio4j.kotlin.createSubprocessExec
import dev.asyncio4j.kotlin.lines
import dev.asyncio4j.kotlin.wait
import dev.asyncio4j.kotlin.withPermit
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch

/**
 * The subprocess scenarios in Kotlin (examples/python/asyncio_subprocess.py and
 * subprocess_semaphore.py), printing to `out` what CPython prints.
 */
internal object KotlinSubprocessScenarios {

    /** The seed's "asyncio subprocess": ls with stdout inherited, waited for on the loop, then an Event. */
    fun asyncioSubprocess(out: Out, asyncio: Runner) {
        val empty = SubprocessScenarios.emptyDirectory()
        try {
            asyncio.runAsyncio {
                val done = Event()
                out.println("Starting ls")
                val reporter = launch {
                    out.println("Waiting for ls to finish")
                    done.wait()
                    out.println("Process completed")
                }
                val process = createSubprocessExec("ls", options = SubprocessOptions.defaults().cwd(empty))
                val returncode = process.wait()
                out.println("ls exited with $returncode")
                done.set()
                reporter.join()
            }
        } finally {
            SubprocessScenarios.delete(empty)
        }
    }

    /** Several children at once under a Semaphore(2), each child's stdout read line by line as it runs. */
    fun subprocessSemaphore(out: Out, asyncio: Runner) {
        val jobs = 5
        asyncio.runAsyncio {
            val limit = Semaphore(2)
            var running = 0
            var most = 0
            val summaries = (1..jobs).map { n ->
                async {
                    limit.withPermit {
                        running++
                        most = maxOf(most, running)
                        val process = createSubprocessExec(
                            "sh", "-c", "for i in 1 2 3; do echo \"job $n step \$i\"; sleep 0.02; done",
                            options = SubprocessOptions.defaults().stdout(Stdio.PIPE),
                        )
                        val lines = mutableListOf<String>()
                        process.stdout().lines().collect { lines += it } // each line as the child writes it
                        val returncode = process.wait()
                        running--
                        "exit $returncode, ${lines.size} lines: ${lines.joinToString(" | ")}"
                    }
                }
            }.awaitAll()
            for (n in 1..jobs) out.println("job $n: ${summaries[n - 1]}")
            out.println("at most $most children ran at once")
        }
    }
}
