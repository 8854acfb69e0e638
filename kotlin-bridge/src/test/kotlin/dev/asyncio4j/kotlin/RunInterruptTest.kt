package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CancellationException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference

/** runAsyncio answers Thread.interrupt() as Asyncio.run does (issue 17, item 4). */
class RunInterruptTest {

    /** How a thread running runAsyncio ended: its value or failure, and its interrupt status then. */
    private data class Outcome(val result: Any?, val failure: Throwable?, val interruptStatus: Boolean, val loopLeft: Boolean)

    /** Runs [block] under runAsyncio on a new thread, interrupts that thread once [block] waits, and returns how it ended. */
    private fun interruptWhileWaiting(block: suspend CoroutineScope.() -> Any?): Outcome {
        val waiting = CountDownLatch(1)
        val outcome = AtomicReference<Outcome>()
        val runner = Thread({
            val ended = runCatching {
                runAsyncio {
                    EventLoop.running().callSoon { waiting.countDown() } // after block's first step
                    block()
                }
            }
            val loopLeft = runCatching { EventLoop.running() }.isFailure
            outcome.set(Outcome(ended.getOrNull(), ended.exceptionOrNull(), Thread.interrupted(), loopLeft))
        }, "stuck-runAsyncio")
        runner.isDaemon = true // a run that stays stuck must not keep the test JVM alive
        runner.start()
        assertTrue(waiting.await(10, TimeUnit.SECONDS))
        runner.interrupt()
        runner.join(TimeUnit.SECONDS.toMillis(10))
        assertFalse(runner.isAlive, "runAsyncio still stuck after the interrupt")
        return outcome.get()
    }

    @Test
    fun interruptOfAStuckRunAsyncioCancelsMainAndThrowsCancellationCausedByInterrupt() {
        var mainCancelled = false
        val outcome = interruptWhileWaiting {
            try {
                awaitCancellation()
            } finally {
                mainCancelled = true
            }
        }
        assertInstanceOf(CancellationException::class.java, outcome.failure)
        assertInstanceOf(InterruptedException::class.java, outcome.failure!!.cause)
        assertTrue(mainCancelled, "the main coroutine was cancelled and ran its finally block")
        assertTrue(outcome.interruptStatus, "the interrupt status is set again when runAsyncio returns")
        assertTrue(outcome.loopLeft, "no loop runs on the thread any more")
    }

    @Test
    fun interruptCancelsLeftoverCoroutinesAndJavaTasksBeforeReturning() {
        var leftoverCancelled = false
        var javaTaskCancelled = false
        val outcome = interruptWhileWaiting {
            launch {
                try {
                    awaitCancellation()
                } finally {
                    withContext(NonCancellable) { delay(10) } // cleanup that waits: runAsyncio waits for it
                    leftoverCancelled = true
                }
            }
            Asyncio.createTask { dev.asyncio4j.Event().waitAsync() }.addDoneCallback { javaTaskCancelled = it.isCancelled }
            awaitCancellation()
        }
        assertInstanceOf(CancellationException::class.java, outcome.failure)
        assertTrue(leftoverCancelled)
        assertTrue(javaTaskCancelled)
    }

    @Test
    fun mainThatFailsWhileCancelledThrowsItsFailure() {
        val boom = IllegalStateException("boom")
        val outcome = interruptWhileWaiting {
            try {
                awaitCancellation()
            } finally {
                throw boom
            }
        }
        assertEquals(boom, outcome.failure)
        assertTrue(outcome.interruptStatus)
    }

    @Test
    fun runAsyncioWithoutInterruptLeavesTheInterruptStatusClear() {
        assertEquals("done", runAsyncio { "done" })
        assertFalse(Thread.currentThread().isInterrupted)
        assertNull(runCatching { runAsyncio { throw CancellationException("own") } }.exceptionOrNull()?.cause)
    }
}
