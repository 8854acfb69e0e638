package dev.asyncio4j.kotlin

import dev.asyncio4j.Event
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
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
import java.util.Collections

/** docs/semantics.md §4 and §14 for Event, on the loop dispatcher and under runTest. */
class EventTest {

    @Test
    fun waitOnASetEventDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val event = Event()
        val log = mutableListOf<String>()
        event.set()
        launch { log += "other coroutine" }
        event.wait() // fast path: the launched coroutine has not run yet
        log += "passed"
        yield()
        assertEquals(listOf("passed", "other coroutine"), log)
    }

    @Test
    fun setWakesEveryWaiterInFifoOrderOnLaterIterations() = runAsyncio(virtualClock = true) {
        val event = Event()
        val log = mutableListOf<String>()
        val jobs = (1..3).map { i -> launch { event.wait(); log += "w$i" } }
        yield()
        assertEquals("Event[unset, waiters:3]", event.toString())
        event.set()
        log += "set"
        jobs.forEach { it.join() }
        assertEquals(listOf("set", "w1", "w2", "w3"), log)
    }

    @Test
    fun grantedWaiterReturnsNormallyEvenIfClearedAgain() = runAsyncio(virtualClock = true) {
        val event = Event()
        var woke = false
        val job = launch { event.wait(); woke = true }
        yield()
        event.set()
        event.clear()
        job.join()
        assertTrue(woke)
        assertFalse(event.isSet)
    }

    @Test
    fun javaFuturesAndCoroutinesShareOneFifoQueue() = runAsyncio(virtualClock = true) {
        val event = Event()
        val log = mutableListOf<String>()
        launch { event.wait(); log += "kotlin 1" }
        yield()
        event.waitAsync().thenRun { log += "java" }
        launch { event.wait(); log += "kotlin 2" }
        yield()
        event.set()
        repeat(3) { yield() }
        assertEquals(listOf("kotlin 1", "java", "kotlin 2"), log)
    }

    @Test
    fun cancelledPendingWaiterLeavesTheQueue() = runAsyncio(virtualClock = true) {
        val event = Event()
        val job = launch { event.wait() }
        yield()
        job.cancel()
        job.join()
        assertEquals("Event[unset]", event.toString())
        assertTrue(job.isCancelled)
    }

    @Test
    fun cancelledAfterSetThrowsAndLeavesTheFlagAndOthersAlone() = runAsyncio(virtualClock = true) {
        val event = Event()
        val log = mutableListOf<String>()
        val first = launch {
            try {
                event.wait()
                log += "first woke"
            } catch (e: CancellationException) {
                log += "first cancelled"
                throw e
            }
        }
        val second = launch { event.wait(); log += "second woke" }
        yield()
        event.set() // both granted, neither has run
        first.cancel()
        first.join()
        second.join()
        // Kotlin-only order: kotlinx dispatches a cancelled coroutine's resumption to the tail of
        // the ready queue, behind the waiters granted with it (asyncio runs it at its own place).
        assertEquals(listOf("second woke", "first cancelled"), log)
        assertTrue(event.isSet)
    }

    @Test
    fun worksUnderRunTestWithVirtualTime() = runTest {
        val event = Event()
        val woke = mutableListOf<Long>()
        val jobs = (1..3).map { launch { event.wait(); woke += testScheduler.currentTime } }
        launch { delay(5_000); event.set() }
        jobs.forEach { it.join() }
        assertEquals(listOf(5_000L, 5_000L, 5_000L), woke)
    }

    @Test
    fun worksOnDispatchersDefaultAndUnconfined() = runBlocking {
        val event = Event()
        val woke = Collections.synchronizedList(mutableListOf<Int>())
        val jobs = (1..100).map { i -> launch(Dispatchers.Default) { event.wait(); woke += i } }
        val unconfined = launch(Dispatchers.Unconfined) { event.wait(); woke += 0 }
        withContext(Dispatchers.Default) {
            while (event.toString() != "Event[unset, waiters:101]") yield()
            event.set()
        }
        assertTrue(unconfined.isCompleted, "Unconfined resumes inside set()")
        jobs.forEach { it.join() }
        assertEquals((0..100).toSet(), woke.toSet())
        assertEquals(101, woke.size)
    }

    @Test
    fun undispatchedWaitOnAClearEventSuspends() = runAsyncio(virtualClock = true) {
        val event = Event()
        val job = launch(start = CoroutineStart.UNDISPATCHED) { event.wait() }
        assertFalse(job.isCompleted)
        event.set()
        job.join()
    }
}
