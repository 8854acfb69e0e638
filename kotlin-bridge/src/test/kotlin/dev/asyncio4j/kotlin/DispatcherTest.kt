package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Duration

/** docs/semantics.md §14.4: the loop dispatcher and runAsyncio. */
class DispatcherTest {

    @Test
    fun runAsyncioReturnsTheBlockValueAndClosesTheLoop() {
        var loop: EventLoop? = null
        val value = runAsyncio(virtualClock = true) {
            loop = EventLoop.running()
            42
        }
        assertEquals(42, value)
        assertTrue(loop!!.isClosed)
    }

    @Test
    fun runAsyncioRethrowsTheBlockFailureAsItIs() {
        val boom = IllegalArgumentException("boom")
        val thrown = assertThrows(IllegalArgumentException::class.java) {
            runAsyncio(virtualClock = true) { throw boom }
        }
        assertEquals("boom", thrown.message)
    }

    @Test
    fun runAsyncioInsideARunningLoopIsRejected() {
        runAsyncio(virtualClock = true) {
            assertThrows(IllegalStateException::class.java) { runAsyncio { 1 } }
        }
    }

    @Test
    fun coroutinesStartInCreationOrderOnLaterIterations() {
        val log = mutableListOf<String>()
        runAsyncio(virtualClock = true) {
            launch { log += "a" }
            launch { log += "b" }
            log += "main"
        }
        assertEquals(listOf("main", "a", "b"), log)
    }

    @Test
    fun dispatchJoinsTheReadyQueueInFifoOrderWithLoopCallbacks() {
        val log = mutableListOf<String>()
        runAsyncio(virtualClock = true) {
            val loop = EventLoop.running()
            loop.callSoon { log += "callback 1" }
            launch { log += "coroutine" }
            loop.callSoon { log += "callback 2" }
            yield()
            yield()
        }
        assertEquals(listOf("callback 1", "coroutine", "callback 2"), log)
    }

    @Test
    fun yieldGivesUpExactlyOneIteration() {
        val log = mutableListOf<String>()
        runAsyncio(virtualClock = true) {
            val loop = EventLoop.running()
            loop.callSoon {
                log += "queued before"
                loop.callSoon { log += "scheduled by it" }
            }
            yield()
            log += "after yield"
            yield()
        }
        assertEquals(listOf("queued before", "after yield", "scheduled by it"), log)
    }

    @Test
    fun delayUsesTheLoopsVirtualClock() {
        val elapsed = runAsyncio(virtualClock = true) {
            val loop = EventLoop.running()
            val start = loop.time()
            delay(5_000)
            loop.time() - start
        }
        assertEquals(Duration.ofSeconds(5).toNanos(), elapsed)
    }

    @Test
    fun delaysWakeInDeadlineOrder() {
        val log = mutableListOf<Int>()
        runAsyncio(virtualClock = true) {
            coroutineScope {
                launch { delay(300); log += 3 }
                launch { delay(100); log += 1 }
                launch { delay(200); log += 2 }
            }
        }
        assertEquals(listOf(1, 2, 3), log)
    }

    @Test
    fun withTimeoutUsesLoopTimers() {
        runAsyncio(virtualClock = true) {
            val loop = EventLoop.running()
            val start = loop.time()
            assertThrows<TimeoutCancellationException> { withTimeout(1_000) { delay(10_000) } }
            assertEquals(Duration.ofSeconds(1).toNanos(), loop.time() - start)
            assertNull(withTimeoutOrNull(10) { delay(20) })
            assertEquals("ok", withTimeoutOrNull(20) { delay(10); "ok" })
        }
    }

    @Test
    fun cancelledDelayCancelsItsTimer() {
        runAsyncio(virtualClock = true) {
            val loop = EventLoop.running()
            val job = launch { delay(1_000_000) }
            yield()
            job.cancel()
            job.join()
            // With the timer cancelled, nothing keeps the virtual clock from staying put.
            assertTrue(loop.time() < Duration.ofSeconds(1000).toNanos())
        }
    }

    @Test
    fun dispatchersOfOneLoopAreEqual() {
        val loop = EventLoop.withVirtualClock()
        assertEquals(loop.asCoroutineDispatcher(), loop.asCoroutineDispatcher())
        assertFalse(loop.asCoroutineDispatcher() == EventLoop.withVirtualClock().asCoroutineDispatcher())
        loop.close()
    }

    @Test
    fun codeOnTheDispatcherRunsOnTheLoopThread() {
        val loop = EventLoop().start()
        try {
            val onLoop = kotlinx.coroutines.runBlocking {
                withContext(loop.asCoroutineDispatcher()) { loop.inLoopThread() && EventLoop.running() === loop }
            }
            assertTrue(onLoop)
        } finally {
            loop.close()
        }
    }

    @Test
    fun lazyAsyncStartsOnlyWhenAwaited() {
        val result = runAsyncio(virtualClock = true) {
            val d = async(start = CoroutineStart.LAZY) { "lazy" }
            d.await()
        }
        assertSame("lazy", result)
    }

    @Test
    fun switchingToDefaultAndBackWorks() {
        val result = runAsyncio(virtualClock = false) {
            val fromDefault = withContext(Dispatchers.Default) { Thread.currentThread().name }
            fromDefault to EventLoop.running().inLoopThread()
        }
        assertTrue(result.second)
    }
}

inline fun <reified E : Throwable> assertThrows(block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.java.name} but got $e", e)
    }
    throw AssertionError("expected ${E::class.java.name} but nothing was thrown")
}

/** docs/semantics.md §14.4: runAsyncio's cleanup is Asyncio.run's. */
class RunAsyncioCleanupTest {
    @Test
    fun leftoverJavaTasksAreCancelledAndAwaited() {
        var leftover: dev.asyncio4j.Task<Void>? = null
        val value = runAsyncio(virtualClock = true) {
            leftover = dev.asyncio4j.Asyncio.createTask { dev.asyncio4j.Asyncio.sleep(Duration.ofDays(1)) }
            "done"
        }
        assertEquals("done", value)
        assertTrue(leftover!!.isCancelled)
    }

    @Test
    fun leftoverFailureGoesToTheExceptionHandlerNotTheCaller() {
        val reported = mutableListOf<Throwable>()
        val value = runAsyncio(virtualClock = true) {
            EventLoop.running().setExceptionHandler { _, e -> reported += e }
            dev.asyncio4j.Asyncio.createTask<Void> {
                dev.asyncio4j.Asyncio.sleep(Duration.ofDays(1)).handle { _, _ -> throw IllegalStateException("cleanup failed") }
            }
            7
        }
        assertEquals(7, value)
        assertEquals(listOf("cleanup failed"), reported.map { (it as? java.util.concurrent.CompletionException)?.cause?.message ?: it.message })
    }

    @Test
    fun aCheckedFailureIsRethrownAsItIs() {
        val thrown = assertThrows(java.io.IOException::class.java) {
            runAsyncio(virtualClock = true) { throw java.io.IOException("disk") }
        }
        assertEquals("disk", thrown.message)
    }

    @Test
    fun theDefaultExecutorIsShutDownAndTheLoopClosed() {
        lateinit var loop: EventLoop
        runAsyncio(virtualClock = true) {
            loop = EventLoop.running()
            loop.runInExecutor<Int>(null) { 1 }.await()
        }
        assertTrue(loop.isClosed)
    }
}
