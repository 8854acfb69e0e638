package dev.asyncio4j.kotlin

import dev.asyncio4j.Stdio
import dev.asyncio4j.Subprocess
import dev.asyncio4j.SubprocessOptions
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.IOException
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** docs/design.md, "I/O on the loop" subprocesses through the suspend functions, on a real loop, each test bounded by 10 s. */
class SubprocessesTest {
    private val quiet = SubprocessOptions.defaults().stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL)
    private val pipes = SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.PIPE)

    private fun <T> onLoop(block: suspend CoroutineScope.() -> T): T = runAsyncio { withTimeout(10.seconds) { block() } }

    @Test
    fun waitReturnsTheExitCode() = onLoop {
        val p = createSubprocessShell("exit 7", quiet)
        assertEquals(7, p.wait())
        assertEquals(7, p.returncode())
    }

    @Test
    fun killOfASleepingChildGivesMinus9() = onLoop {
        val p = createSubprocessExec("sleep", "30", options = quiet)
        p.kill()
        assertEquals(-9, p.wait())
    }

    @Test
    fun cancellingWaitLeavesTheChildRunningThenKillAndWaitWork() = onLoop {
        cancelledCallLeavesTheChildRunning(quiet) { wait() }
    }

    /** Cancels [call] on a sleeping child after a while: the child must still run, then die of a kill. */
    private suspend fun CoroutineScope.cancelledCallLeavesTheChildRunning(options: SubprocessOptions, call: suspend Subprocess.() -> Unit) {
        val p = createSubprocessExec("sleep", "30", options = options)
        val caller = launch { p.call() }
        delay(100.milliseconds)
        caller.cancel()
        caller.join()
        delay(100.milliseconds)
        assertNull(p.returncode())
        p.kill()
        assertEquals(-9, p.wait())
    }

    @Test
    fun spawnFailureThrowsTheJdksIOException() {
        val error = assertThrows(IOException::class.java) {
            onLoop { createSubprocessExec("/no/such/program-asyncio4j") }
        }
        assertTrue(error.message!!.contains("program-asyncio4j"), error.message)
    }


    @Test
    fun communicateWithCatReturnsTheInput() = onLoop {
        val p = createSubprocessExec("cat", options = pipes)
        val result = p.communicate("hello\nworld\n".toByteArray())
        assertEquals("hello\nworld\n", String(result.stdout()))
        assertEquals(0, result.stderr().size)
        assertEquals(0, p.returncode())
    }

    @Test
    fun communicateWithoutInputClosesStdin() = onLoop {
        val p = createSubprocessShell("cat; echo end", pipes)
        assertEquals("end\n", String(p.communicate().stdout()))
    }

    @Test
    fun communicateDrainsAMegabyteThatNobodyRead() = onLoop {
        val p = createSubprocessShell("head -c 1048576 /dev/zero", pipes)
        delay(100.milliseconds)
        assertEquals(1 shl 20, p.communicate().stdout().size)
    }

    @Test
    fun cancellingCommunicateLeavesTheChildRunning() = onLoop {
        cancelledCallLeavesTheChildRunning(pipes) { communicate(ByteArray(4 shl 20)) }
    }

    @Test
    fun stdoutLinesArriveThroughLinesToEof() = onLoop {
        val p = createSubprocessShell("echo one; echo two; printf three", SubprocessOptions.defaults().stdout(Stdio.PIPE))
        assertEquals(listOf("one", "two", "three"), p.stdout().lines().toList())
        assertEquals(0, p.wait())
    }
}
