package dev.asyncio4j.kotlin

import dev.asyncio4j.BoundedSemaphore
import dev.asyncio4j.EventLoop
import dev.asyncio4j.Semaphore
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicInteger

/** docs/semantics.md §6 and §14 for Semaphore and BoundedSemaphore, on the loop dispatcher and under runTest. */
class SemaphoreTest {

    @Test
    fun acquireWithAFreePermitDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(2)
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        sem.acquire()
        sem.acquire()
        log += "acquired twice"
        assertEquals(0, sem.availablePermits())
        yield()
        assertEquals(listOf("acquired twice", "other coroutine"), log)
    }

    @Test
    fun waitersAreServedFifoAndReleaseHandsThePermitOver() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(0)
        val log = mutableListOf<String>()
        val jobs = (1..3).map { i -> launch { sem.acquire(); log += "w$i" } }
        yield()
        sem.release()
        sem.release()
        log += "released twice"
        assertEquals(0, sem.availablePermits(), "granted permits are not free")
        assertFalse(sem.tryAcquire(), "no barging past the queue")
        repeat(2) { yield() }
        assertEquals(listOf("released twice", "w1", "w2"), log)
        assertFalse(jobs[2].isCompleted)
        sem.release()
        jobs[2].join()
        assertEquals(listOf("released twice", "w1", "w2", "w3"), log)
    }

    @Test
    fun newcomerQueuesBehindWaitersEvenWithAFreePermit() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(1)
        val log = mutableListOf<String>()
        sem.acquire()
        val first = launch { sem.acquire(); log += "first"; yield(); sem.release() }
        yield()
        sem.release() // granted to first, which has not run yet
        val newcomer = launch { sem.acquire(); log += "newcomer"; sem.release() }
        first.join()
        newcomer.join()
        assertEquals(listOf("first", "newcomer"), log)
        assertEquals(1, sem.availablePermits())
    }

    @Test
    fun javaFuturesAndCoroutinesShareOneFifoQueue() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(0)
        val log = mutableListOf<String>()
        launch { sem.acquire(); log += "kotlin 1" }
        yield()
        sem.acquireAsync().thenRun { log += "java" }
        launch { sem.acquire(); log += "kotlin 2" }
        yield()
        repeat(3) { sem.release() }
        repeat(3) { yield() }
        assertEquals(listOf("kotlin 1", "java", "kotlin 2"), log)
        assertEquals(0, sem.availablePermits())
    }

    @Test
    fun cancelledPendingWaiterLeavesTheQueue() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(0)
        val job = launch { sem.acquire() }
        yield()
        job.cancel()
        job.join()
        sem.release()
        assertEquals(1, sem.availablePermits(), "the withdrawn waiter must not absorb the permit")
        assertFalse(sem.locked())
    }

    @Test
    fun cancelledAfterTheGrantPassesThePermitToTheNextWaiter() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(0)
        val log = mutableListOf<String>()
        val first = launch {
            try {
                sem.acquire()
                log += "first got it"
            } catch (e: CancellationException) {
                log += "first cancelled"
                throw e
            }
        }
        val second = launch { sem.acquire(); log += "second got it" }
        yield()
        sem.release() // granted to first, which has not run yet
        first.cancel()
        first.join()
        second.join()
        assertEquals(listOf("first cancelled", "second got it"), log)
        assertEquals(0, sem.availablePermits())
    }

    @Test
    fun cancelledAfterTheGrantWithNobodyWaitingFreesThePermit() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(0)
        val job = launch { sem.acquire() }
        yield()
        sem.release()
        job.cancel()
        job.join()
        assertTrue(job.isCancelled)
        assertEquals(1, sem.availablePermits())
        assertFalse(sem.locked())
    }

    @Test
    fun promptCancellationAfterResumeGivesThePermitBack() = runBlocking {
        val sem = Semaphore(0)
        val loop = EventLoop().start()
        try {
            val job = launch(loop.asCoroutineDispatcher(), start = CoroutineStart.UNDISPATCHED) { sem.acquire() }
            val gate = CountDownLatch(1)
            loop.execute { gate.await() } // the resumed coroutine cannot run until the gate opens
            sem.release()
            job.cancel()
            gate.countDown()
            job.join()
            assertTrue(job.isCancelled)
            assertEquals(1, sem.availablePermits(), "permit leaked to a cancelled coroutine")
        } finally {
            loop.close()
        }
    }

    @Test
    fun withPermitReleasesOnCancellationAndFailure() = runAsyncio(virtualClock = true) {
        val sem = Semaphore(1)
        val job = launch { sem.withPermit { awaitCancellation() } }
        yield()
        assertEquals(0, sem.availablePermits())
        job.cancel()
        job.join()
        assertEquals(1, sem.availablePermits())
        assertThrows<IllegalArgumentException> { sem.withPermit { throw IllegalArgumentException("x") } }
        assertEquals(1, sem.availablePermits())
    }

    @Test
    fun boundedSemaphoreRejectsAReleaseBeyondItsInitialValue() = runAsyncio(virtualClock = true) {
        val sem = BoundedSemaphore(1)
        sem.withPermit { }
        assertThrows<IllegalStateException> { sem.release() }
        assertEquals(1, sem.availablePermits())
    }

    @Test
    fun boundedSemaphoreCountsAGrantGivenBackOnlyOnce() = runAsyncio(virtualClock = true) {
        val sem = BoundedSemaphore(1)
        sem.acquire()
        val job = launch { sem.acquire() }
        yield()
        sem.release() // granted to job: the granted permit counts as taken, not free
        assertEquals(0, sem.availablePermits())
        job.cancel() // before it runs: the permit comes back
        job.join()
        assertEquals(1, sem.availablePermits())
        assertThrows<IllegalStateException> { sem.release() }
        Unit
    }

    @Test
    fun atMostNInsideUnderRunTestWithVirtualTime() = runTest {
        val sem = Semaphore(3)
        var inside = 0
        var maxInside = 0
        val jobs = (1..10).map {
            launch {
                sem.withPermit {
                    inside++
                    maxInside = maxOf(maxInside, inside)
                    delay(1_000)
                    inside--
                }
            }
        }
        jobs.forEach { it.join() }
        assertEquals(3, maxInside)
        assertEquals(4_000, testScheduler.currentTime)
        assertEquals(3, sem.availablePermits())
    }

    @Test
    fun atMostNInsideOnDispatchersDefaultWithCancellations() = runBlocking {
        val sem = Semaphore(3)
        val inside = AtomicInteger()
        val violations = AtomicInteger()
        withContext(Dispatchers.Default) {
            val jobs = mutableListOf<Job>()
            repeat(100) { i ->
                jobs += launch {
                    repeat(50) {
                        sem.withPermit {
                            if (inside.incrementAndGet() > 3) violations.incrementAndGet()
                            yield()
                            inside.decrementAndGet()
                        }
                    }
                }
                if (i % 7 == 0) jobs[i / 2].cancel()
            }
            jobs.forEach { it.join() }
        }
        assertEquals(0, violations.get())
        assertEquals(3, sem.availablePermits())
        assertFalse(sem.locked())
    }
}
