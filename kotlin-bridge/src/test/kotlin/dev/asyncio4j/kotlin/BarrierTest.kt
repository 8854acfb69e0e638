package dev.asyncio4j.kotlin

import dev.asyncio4j.Barrier
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.BrokenBarrierException
import java.util.concurrent.ConcurrentHashMap

/** docs/semantics.md §7 and §14 for Barrier, on the loop dispatcher and under runTest. */
class BarrierTest {

    @Test
    fun indicesFollowArrivalOrderAndTheTripperDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(3)
        val log = mutableListOf<String>()
        val jobs = (1..2).map { i -> launch { log += "w$i got ${barrier.wait()}" } }
        yield()
        assertEquals(2, barrier.nWaiting())
        launch { log += "other coroutine" }
        log += "tripper got ${barrier.wait()}" // does not suspend
        jobs.forEach { it.join() }
        assertEquals(listOf("tripper got 2", "other coroutine", "w1 got 0", "w2 got 1"), log)
        assertEquals(0, barrier.nWaiting())
        assertFalse(barrier.isBroken)
    }

    @Test
    fun javaFuturesAndCoroutinesShareOneBarrier() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(3)
        val log = mutableListOf<String>()
        launch { log += "kotlin ${barrier.wait()}" }
        yield()
        barrier.waitAsync().thenAccept { log += "java $it" }
        val last = launch { log += "kotlin ${barrier.wait()}" }
        last.join()
        repeat(3) { yield() }
        assertEquals(listOf("kotlin 2", "kotlin 0", "java 1"), log)
    }

    @Test
    fun abortFailsWaitersAndEveryLaterWait() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(2)
        val failures = mutableListOf<String?>()
        val job = launch {
            try {
                barrier.wait()
            } catch (e: BrokenBarrierException) {
                failures += e.message
            }
        }
        yield()
        barrier.abort()
        job.join()
        val later = assertThrows<BrokenBarrierException> { barrier.wait() }
        failures += later.message
        assertEquals(listOf("Abort or reset of barrier", "Barrier aborted"), failures)
        assertTrue(barrier.isBroken)
    }

    @Test
    fun resetFailsWaitersAndTheNextCycleWorks() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(2)
        var failure: Throwable? = null
        val job = launch { failure = runCatching { barrier.wait() }.exceptionOrNull() }
        yield()
        barrier.reset()
        job.join()
        assertTrue(failure is BrokenBarrierException)
        val other = launch { barrier.wait() }
        yield()
        assertEquals(1, barrier.wait())
        other.join()
    }

    @Test
    fun cancelledWhileFillingLeavesWithoutBreakingTheBarrier() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(2)
        val job = launch { barrier.wait() }
        yield()
        assertEquals(1, barrier.nWaiting())
        job.cancel()
        job.join()
        assertEquals(0, barrier.nWaiting())
        assertFalse(barrier.isBroken)
        var index = -1
        val other = launch { index = barrier.wait() }
        yield()
        assertEquals(1, barrier.wait())
        other.join()
        assertEquals(0, index)
    }

    @Test
    fun cancelledAfterReleaseBeforeResumingFailsOnlyThatParty() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(3)
        val log = mutableListOf<String>()
        val first = launch {
            try {
                log += "first got ${barrier.wait()}"
            } catch (e: CancellationException) {
                log += "first cancelled"
                throw e
            }
        }
        val second = launch { log += "second got ${barrier.wait()}" }
        yield()
        log += "tripper got ${barrier.wait()}"
        first.cancel() // released, not yet resumed
        first.join()
        second.join()
        // Kotlin-only order: kotlinx dispatches a cancelled coroutine's resumption to the tail of
        // the ready queue, behind the waiters granted with it (asyncio runs it at its own place).
        assertEquals(listOf("tripper got 2", "second got 1", "first cancelled"), log)
        assertEquals(0, barrier.nWaiting())
        assertFalse(barrier.isBroken)
        val next = launch { barrier.wait() }
        yield()
        assertEquals(1, barrier.nWaiting(), "the next cycle starts empty")
        next.cancel()
    }

    @Test
    fun arrivalWhileDrainingWaitsAtTheGate() = runAsyncio(virtualClock = true) {
        val barrier = Barrier(2)
        val java = barrier.waitAsync() // a loop waiter: stays inside until it resumes
        assertEquals(1, barrier.wait())
        var index = -1
        val late = launch(start = CoroutineStart.UNDISPATCHED) { index = barrier.wait() }
        assertEquals(0, barrier.nWaiting(), "draining: the newcomer waits at the gate, uncounted")
        yield() // the Java party resumes and leaves; the gate opens: `late` is admitted, to enter when it runs
        assertEquals(0, java.join())
        assertEquals(0, barrier.nWaiting(), "admitted, not yet entered")
        yield()
        assertEquals(1, barrier.nWaiting())
        assertEquals(1, barrier.wait())
        late.join()
        assertEquals(0, index)
    }

    /**
     * CPython test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining, on the loop's
     * dispatcher: the last party to leave resets the barrier while the others wait at the gate for
     * the next cycle; they are admitted but not yet inside, so the reset breaks nobody and every
     * party passes the next two cycles.
     */
    @Test
    fun resetByTheLastPartyToLeaveWhileTheNextCycleWaitsAtTheGateIsHarmless() = runAsyncio(virtualClock = true) {
        val n = 5
        val barrier = Barrier(n)
        val secondWait = mutableListOf<String>()
        var left = 0
        var passedThird = 0
        val finished = withTimeoutOrNull(10_000) {
            coroutineScope {
                repeat(n) {
                    launch {
                        barrier.wait()
                        if (++left == n) {
                            barrier.reset() // the last to leave: the others wait at the gate
                            barrier.wait()
                        } else {
                            try {
                                barrier.wait()
                                secondWait += "passed"
                            } catch (e: BrokenBarrierException) {
                                secondWait += "broken"
                            }
                        }
                        barrier.wait()
                        passedThird++
                    }
                }
            }
        }
        assertEquals(Unit, finished, "every party passes; no deadlock")
        assertEquals(List(n - 1) { "passed" }, secondWait)
        assertEquals(n, passedThird)
        assertFalse(barrier.isBroken)
        assertEquals(0, barrier.nWaiting())
    }

    @Test
    fun partiesMeetUnderRunTestWithVirtualTime() = runTest {
        val barrier = Barrier(3)
        val passed = mutableListOf<Pair<Int, Long>>()
        val jobs = (1..3).map { i ->
            launch {
                delay(i * 1_000L)
                barrier.wait()
                passed += i to testScheduler.currentTime
            }
        }
        jobs.forEach { it.join() }
        assertEquals(setOf(1 to 3_000L, 2 to 3_000L, 3 to 3_000L), passed.toSet())
    }

    @Test
    fun everyCycleHandsOutEachIndexOnceOnDispatchersDefault() = runBlocking {
        val parties = 4
        val rounds = 200
        val indices = ConcurrentHashMap<Int, MutableSet<Int>>()
        val barrier = Barrier(parties)
        withContext(Dispatchers.Default) {
            val jobs = (1..parties).map {
                launch {
                    repeat(rounds) { round ->
                        val index = barrier.wait()
                        indices.computeIfAbsent(round) { ConcurrentHashMap.newKeySet() }.add(index)
                    }
                }
            }
            jobs.forEach { it.join() }
        }
        for (round in 0 until rounds) assertEquals((0 until parties).toSet(), indices[round], "round $round")
    }
}
