package dev.asyncio4j.kotlin

import dev.asyncio4j.Condition
import dev.asyncio4j.Lock
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** docs/semantics.md §5 and §14 for Condition, on the loop dispatcher and under runTest. */
class ConditionTest {

    @Test
    fun sharedLockReportsTheSameLockedState() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val cond = Condition(lock)
        lock.acquire()
        assertTrue(cond.locked())
        cond.release()
        assertFalse(lock.locked())
    }

    @Test
    fun waitWithoutTheLockThrowsAndLeavesTheLockAlone() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        assertThrows<IllegalStateException> { cond.wait() }
        assertFalse(cond.locked())
        assertThrows<IllegalStateException> { cond.notify() }
        assertThrows<IllegalStateException> { cond.notifyAll() }
        Unit
    }

    @Test
    fun waitReleasesTheLockAndReturnsHoldingIt() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val waiter = launch {
            cond.withLock {
                cond.wait()
                log += "woke holding=${cond.locked()}"
            }
        }
        yield()
        assertFalse(cond.locked(), "wait() released the lock")
        cond.withLock { cond.notify() }
        waiter.join()
        assertEquals(listOf("woke holding=true"), log)
        assertFalse(cond.locked())
    }

    @Test
    fun notifyWakesTheFirstNWaitersInFifoOrder() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val jobs = (1..3).map { i -> launch { cond.withLock { cond.wait(); log += "w$i" } } }
        yield()
        cond.withLock { cond.notify(2) }
        repeat(5) { yield() }
        assertEquals(listOf("w1", "w2"), log)
        assertFalse(jobs[2].isCompleted)
        cond.withLock { cond.notify(0) } // n <= 0 does nothing
        repeat(3) { yield() }
        assertFalse(jobs[2].isCompleted)
        cond.withLock { cond.notifyAll() }
        jobs[2].join()
        assertEquals(listOf("w1", "w2", "w3"), log)
    }

    @Test
    fun notifyAllWakesEveryWaiterAndTheyTakeTheLockOneAtATime() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val jobs = (1..3).map { i ->
            launch {
                cond.withLock {
                    cond.wait()
                    log += "w$i in"
                    yield() // hold the lock across a suspension
                    log += "w$i out"
                }
            }
        }
        yield()
        cond.withLock { cond.notifyAll() }
        jobs.forEach { it.join() }
        assertEquals(listOf("w1 in", "w1 out", "w2 in", "w2 out", "w3 in", "w3 out"), log)
    }

    @Test
    fun acquirerArrivingBetweenSignalAndResumptionGoesFirst() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val waiter = launch { cond.withLock { cond.wait(); log += "signalled waiter" } }
        yield()
        cond.acquire()
        cond.notify()
        cond.acquireAsync().thenRun { log += "newcomer"; cond.release() } // queued before the waiter resumes
        cond.release()
        waiter.join()
        assertEquals(listOf("newcomer", "signalled waiter"), log)
    }

    @Test
    fun javaAndKotlinWaitersShareOneSignalQueue() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val k1 = launch { cond.withLock { cond.wait(); log += "kotlin 1" } }
        yield()
        cond.acquire()
        cond.waitAsync().thenRun { log += "java"; cond.release() } // releases the lock while it waits
        val k2 = launch { cond.withLock { cond.wait(); log += "kotlin 2" } }
        yield()
        cond.withLock { cond.notify(2) }
        repeat(6) { yield() }
        assertEquals(listOf("kotlin 1", "java"), log)
        cond.withLock { cond.notify() }
        k1.join()
        k2.join()
        assertEquals(listOf("kotlin 1", "java", "kotlin 2"), log)
    }

    @Test
    fun cancelledWaitReacquiresTheLockBeforeThrowingTheSameCancellation() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val waiter = launch {
            cond.acquire()
            try {
                cond.wait()
                log += "woke"
            } catch (e: CancellationException) {
                log += "cancelled '${e.message}' holding=${cond.locked()}"
                throw e
            } finally {
                cond.release()
            }
        }
        yield()
        cond.acquire() // the waiter released it
        waiter.cancel("stop")
        repeat(5) { yield() }
        assertEquals(emptyList<String>(), log, "the cancelled wait must not end before it holds the lock")
        assertFalse(waiter.isCompleted)
        cond.release()
        waiter.join()
        assertEquals(listOf("cancelled 'stop' holding=true"), log)
        assertFalse(cond.locked())
    }

    @Test
    fun cancelledWaitQueuedForTheLockStaysQueued() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val waiter = launch {
            cond.withLock {
                try {
                    cond.wait()
                } catch (e: CancellationException) {
                    log += "waiter cancelled holding=${cond.locked()}"
                    throw e
                }
            }
        }
        yield()
        cond.acquire()
        cond.notify()
        yield() // the waiter resumed and queued for the lock
        cond.acquireAsync().thenRun { log += "later acquirer"; cond.release() }
        waiter.cancel()
        cond.release()
        waiter.join()
        repeat(2) { yield() }
        assertEquals(listOf("waiter cancelled holding=true", "later acquirer"), log)
        assertFalse(cond.locked())
    }

    @Test
    fun waitEndingInFailureSignalsOneOtherWaiter() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        val log = mutableListOf<String>()
        val first = launch {
            cond.withLock {
                try {
                    cond.wait()
                } catch (e: CancellationException) {
                    log += "first cancelled"
                    throw e
                }
            }
        }
        val second = launch { cond.withLock { cond.wait(); log += "second woke" } }
        yield()
        cond.acquire()
        cond.notify() // consumed by first ...
        first.cancel() // ... which is cancelled before it runs: it must pass the signal on
        cond.release()
        first.join()
        repeat(5) { yield() }
        assertEquals(listOf("first cancelled", "second woke"), log)
        assertTrue(second.isCompleted)
        assertFalse(cond.locked())
    }

    @Test
    fun timedOutWaitReturnsHoldingTheLock() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        var heldInHandler = false
        cond.withLock {
            try {
                withTimeout(1_000) { cond.wait() }
            } catch (e: TimeoutCancellationException) {
                heldInHandler = cond.locked()
            }
        }
        assertTrue(heldInHandler)
        assertFalse(cond.locked())
    }

    @Test
    fun waitForIsInlinedWithNoPredicateObjectOrStateMachineOfItsOwn() = runAsyncio(virtualClock = true) {
        // A non-local return compiles only from an inlined lambda: no predicate object per call.
        assertEquals("returned from the predicate", returnFromThePredicate(Condition()))
        // The caller's state machine holds the loop: none per call of waitFor's slow path.
        assertThrows(ClassNotFoundException::class.java) { Class.forName("dev.asyncio4j.kotlin.PrimitivesKt\$waitForAgain\$1") }
        Unit
    }

    private suspend fun returnFromThePredicate(cond: Condition): String {
        cond.waitFor { return "returned from the predicate" }
        return "waited"
    }

    @Test
    fun waitForWithATruePredicateNeedsNoLock() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        cond.waitFor { true }
        assertFalse(cond.locked())
        assertThrows<IllegalStateException> { cond.waitFor { false } }
        Unit
    }

    @Test
    fun waitForRechecksAfterEveryNotification() = runAsyncio(virtualClock = true) {
        val cond = Condition()
        var value = 0
        var checks = 0
        val waiter = launch { cond.withLock { cond.waitFor { checks++; value >= 3 } } }
        yield()
        repeat(3) {
            cond.withLock { value++; cond.notifyAll() }
            repeat(3) { yield() }
        }
        waiter.join()
        assertEquals(4, checks)
    }

    @Test
    fun producerConsumerUnderRunTestWithVirtualTime() = runTest {
        val cond = Condition()
        val items = ArrayDeque<Int>()
        val got = mutableListOf<Pair<Int, Long>>()
        val consumer = launch {
            repeat(3) {
                cond.withLock {
                    cond.waitFor { items.isNotEmpty() }
                    got += items.removeFirst() to testScheduler.currentTime
                }
            }
        }
        launch {
            for (i in 1..3) {
                delay(1_000)
                cond.withLock { items.addLast(i); cond.notify() }
            }
        }
        consumer.join()
        assertEquals(listOf(1 to 1_000L, 2 to 2_000L, 3 to 3_000L), got)
    }

    @Test
    fun producerConsumerOnDispatchersDefault() = runBlocking {
        val cond = Condition()
        var produced = 0
        var consumed = 0
        withContext(Dispatchers.Default) {
            val consumers = (1..8).map {
                launch {
                    repeat(250) {
                        cond.withLock {
                            cond.waitFor { produced > consumed }
                            consumed++
                        }
                    }
                }
            }
            repeat(2_000) { cond.withLock { produced++; cond.notify() } }
            consumers.forEach { it.join() }
        }
        assertEquals(2_000, consumed)
        assertFalse(cond.locked())
    }
}
