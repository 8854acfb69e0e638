package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import dev.asyncio4j.Lock
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** docs/semantics.md §3 and §14 for Lock, on the loop dispatcher and under runTest. */
class LockTest {

    @Test
    fun acquireOnAFreeLockDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        lock.acquire() // fast path: no suspension, so the launched coroutine has not run yet
        log += "acquired"
        assertTrue(lock.locked())
        lock.release()
        yield()
        assertEquals(listOf("acquired", "other coroutine"), log)
    }

    @Test
    fun aWaitIsTheTailCallOfAcquireWithNoStateMachineOfItsOwn() {
        // Each would be allocated per wait (with a DispatchedContinuation for it): see acquireOrSuspend.
        // Kotlin 2.4's compiler generates the second; the build uses 2.2 (pom.xml).
        for (stateMachine in listOf("PrimitivesKt\$acquire\$1", "ContinuationWaiter\$awaitUnit\$1")) {
            assertThrows(ClassNotFoundException::class.java) { Class.forName("dev.asyncio4j.kotlin.$stateMachine") }
        }
    }

    @Test
    fun waitersAreServedFifoOnLaterIterations() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val log = mutableListOf<String>()
        lock.acquire()
        val jobs = (1..3).map { i -> launch { lock.withLock { log += "w$i" } } }
        yield() // all three queued
        lock.release()
        log += "released"
        assertTrue(lock.locked(), "hand-off keeps the lock locked")
        jobs.forEach { it.join() }
        assertEquals(listOf("released", "w1", "w2", "w3"), log)
        assertFalse(lock.locked())
    }

    @Test
    fun javaFuturesAndCoroutinesShareOneFifoQueue() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val log = mutableListOf<String>()
        lock.acquire()
        launch { lock.acquire(); log += "kotlin 1"; lock.release() }
        yield()
        lock.acquireAsync().thenRun { log += "java"; lock.release() }
        launch { lock.acquire(); log += "kotlin 2"; lock.release() }
        yield()
        lock.release()
        repeat(6) { yield() }
        assertEquals(listOf("kotlin 1", "java", "kotlin 2"), log)
        assertFalse(lock.locked())
    }

    @Test
    fun cancelledPendingWaiterLeavesTheQueue() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        lock.acquire()
        val job = launch { lock.acquire() }
        yield()
        job.cancel()
        job.join()
        lock.release()
        assertFalse(lock.locked(), "the withdrawn waiter must not absorb the release")
    }

    @Test
    fun cancelledAfterTheGrantPassesTheLockOn() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val log = mutableListOf<String>()
        lock.acquire()
        val first = launch {
            try {
                lock.acquire()
                log += "first got it"
            } catch (e: CancellationException) {
                log += "first cancelled"
                throw e
            }
        }
        val second = launch { lock.acquire(); log += "second got it"; lock.release() }
        yield()
        lock.release() // granted to first, which has not resumed yet
        first.cancel()
        first.join()
        second.join()
        assertEquals(listOf("first cancelled", "second got it"), log)
        assertFalse(lock.locked())
    }

    @Test
    fun promptCancellationAfterResumeGivesTheLockBack() = runBlocking {
        // A thread waiter is resumed by the releasing thread; the coroutine is then cancelled
        // before it runs again: the lock must not leak.
        val lock = Lock()
        lock.tryAcquire()
        val dispatcherThread = newSingleThreadLoop()
        try {
            val job = launch(dispatcherThread.asCoroutineDispatcher(), start = CoroutineStart.UNDISPATCHED) { lock.acquire() }
            // Block the loop thread so the resumed coroutine cannot run, then grant and cancel.
            val gate = java.util.concurrent.CountDownLatch(1)
            dispatcherThread.execute { gate.await() }
            lock.release()
            job.cancel()
            gate.countDown()
            job.join()
            assertTrue(job.isCancelled)
            assertFalse(lock.locked(), "lock leaked to a cancelled coroutine")
        } finally {
            dispatcherThread.close()
        }
    }

    @Test
    fun withLockReleasesOnFailure() = runAsyncio(virtualClock = true) {
        val lock = Lock()
        val error = runCatching { lock.withLock { throw IllegalStateException("x") } }.exceptionOrNull()
        assertTrue(error is IllegalStateException)
        assertFalse(lock.locked())
    }

    @Test
    fun worksUnderRunTestWithVirtualTime() = runTest {
        val lock = Lock()
        var inside = 0
        var maxInside = 0
        val jobs = (1..10).map {
            launch {
                lock.withLock {
                    inside++
                    maxInside = maxOf(maxInside, inside)
                    kotlinx.coroutines.delay(1_000)
                    inside--
                }
            }
        }
        jobs.forEach { it.join() }
        assertEquals(1, maxInside)
        assertEquals(10_000, testScheduler.currentTime)
    }

    @Test
    fun worksOnDispatchersDefaultFromManyCoroutines() = runBlocking {
        val lock = Lock()
        var counter = 0
        withContext(Dispatchers.Default) {
            val jobs = (1..200).map {
                launch {
                    repeat(100) {
                        lock.withLock { counter++ }
                    }
                }
            }
            jobs.forEach { it.join() }
        }
        assertEquals(20_000, counter)
        assertFalse(lock.locked())
    }

    private fun newSingleThreadLoop(): EventLoop = EventLoop().start()
}
