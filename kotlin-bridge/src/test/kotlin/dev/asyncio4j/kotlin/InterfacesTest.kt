package dev.asyncio4j.kotlin

import dev.asyncio4j.AsyncEvent
import dev.asyncio4j.AsyncLock
import dev.asyncio4j.AsyncQueue
import dev.asyncio4j.AsyncSemaphore
import dev.asyncio4j.Event
import dev.asyncio4j.Lock
import dev.asyncio4j.Queue
import dev.asyncio4j.Semaphore
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture

/**
 * docs/design.md, "Beyond one JVM": the suspend functions are written once against AsyncLock, AsyncSemaphore,
 * AsyncEvent and AsyncQueue, so they work on any implementation (here: the local classes behind
 * a delegate, which hides their class as a Redis handle would), awaiting its future; cancelling
 * the coroutine cancels that future.
 */
class InterfacesTest {

    /** Another implementation: the same behaviour, but not a local class, so no waiter path. */
    private class ForeignLock(val local: Lock) : AsyncLock by local
    private class ForeignSemaphore(val local: Semaphore) : AsyncSemaphore by local
    private class ForeignEvent(val local: Event) : AsyncEvent by local
    private class ForeignQueue<E>(val local: Queue<E>) : AsyncQueue<E> by local

    @Test
    fun suspendFunctionsWorkOnAnyAsyncLockAndCancellationCancelsItsFuture() = runAsyncio(virtualClock = true) {
        val lock = ForeignLock(Lock())
        val log = mutableListOf<String>()
        lock.acquire()
        val waiting = launch { lock.withLock { log += "second" } }
        val cancelled = launch { lock.acquire(); log += "never" }
        yield()
        assertEquals("Lock[locked, waiters:2]", lock.local.toString())
        cancelled.cancel()
        yield()
        assertEquals("Lock[locked, waiters:1]", lock.local.toString(), "the cancelled acquire's future was cancelled")
        lock.release()
        waiting.join()
        assertEquals(listOf("second"), log)
        assertFalse(lock.locked())
    }

    @Test
    fun suspendFunctionsWorkOnAnyAsyncSemaphoreEventAndQueue() = runAsyncio(virtualClock = true) {
        val semaphore = ForeignSemaphore(Semaphore(1))
        val event = ForeignEvent(Event())
        val queue = ForeignQueue(Queue<String>(1))
        val log = mutableListOf<String>()
        semaphore.withPermit { log += "permit" }
        val waiter = launch { event.wait(); log += "event" }
        val getter = launch { log += "got " + queue.get() }
        yield()
        event.set()
        queue.put("a")
        queue.put("b") // room again: the getter took "a"
        waiter.join()
        getter.join()
        assertEquals(listOf("permit", "event", "got a"), log)
        assertEquals("b", queue.get())
        assertTrue(semaphore.availablePermits() == 1)
    }

    @Test
    fun aForeignGrantAlreadyCompleteDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val lock = object : AsyncLock by Lock() {
            override fun acquireAsync(): CompletableFuture<Void> = CompletableFuture.completedFuture(null)
        }
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        lock.acquire() // complete future: no suspension, so the launched coroutine has not run yet
        log += "acquired"
        yield()
        assertEquals(listOf("acquired", "other coroutine"), log)
    }
}
