package dev.asyncio4j.examples

import dev.asyncio4j.Event
import dev.asyncio4j.SubprocessOptions
import dev.asyncio4j.kotlin.createSubprocessExec
import dev.asyncio4j.kotlin.wait
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
}
