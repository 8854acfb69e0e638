package dev.asyncio4j.tests

import dev.asyncio4j.Semaphore
import dev.asyncio4j.kotlin.acquire
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * One Semaphore shared by Java threads (futures, with cancellations), Kotlin coroutines on
 * Dispatchers.Default and Kotlin coroutines on an event loop's dispatcher (with cancellations): at
 * most N holders at any time, every cancelled acquirer holds nothing, and the permits are
 * conserved (back to N at the end).
 */
class MixedLanguageSemaphoreTest {
    private val permits = 3

    @Test
    fun javaThreadsAndKotlinCoroutinesShareOneSemaphore() {
        val sem = Semaphore(permits)
        val inside = AtomicInteger()
        val violations = AtomicInteger()
        val entries = AtomicLong()
        val cancelledWithoutPermit = AtomicLong()
        fun enter() {
            if (inside.incrementAndGet() > permits) violations.incrementAndGet()
            entries.incrementAndGet()
        }
        fun leave() {
            if (inside.decrementAndGet() < 0) violations.incrementAndGet()
        }

        mixedContention {
            val javaThreads = javaThreadsUntilDeadline(3) { random ->
                val f: CompletableFuture<Void> = sem.acquireAsync()
                if (random.cancelledSometimes(f)) {
                    cancelledWithoutPermit.incrementAndGet()
                } else {
                    f.join()
                    enter()
                    Thread.yield()
                    leave()
                    sem.release()
                }
            }
            runBlocking {
                val workers = coroutinesUntilDeadline(this, 4) {
                    sem.acquire()
                    enter()
                    try {
                        yield() // hold the permit across a suspension (cancellable)
                    } finally {
                        leave()
                        sem.release()
                    }
                }
                withTimeout(timeoutMillis) { workers.forEach { it.join() } }
            }
            joinAll(javaThreads, timeoutMillis, "a Java thread")
        }
        assertEquals(0, violations.get(), "more than $permits holders at once")
        assertEquals(permits, sem.availablePermits(), "permits not conserved: $sem")
        assertFalse(sem.locked(), "$sem")
        assertTrue(entries.get() > 0)
    }

    @Test
    fun cancellationOfKotlinWaitersNeverLeaksAPermit() = runBlockingWithLoop { loop ->
        // A coroutine cancelled at any point while acquiring must end holding nothing.
        val sem = Semaphore(0)
        repeat(2_000) { i ->
            val job = launch(if (i % 2 == 0) Dispatchers.Default else loop.asCoroutineDispatcher()) {
                sem.acquire()
                sem.release()
            }
            if (i % 3 == 0) yield()
            sem.release() // hand-off races with the cancellation below
            job.cancel()
            job.join()
            assertEquals(1, sem.availablePermits(), "iteration $i: $sem")
            assertTrue(sem.tryAcquire(), "iteration $i: $sem")
        }
    }
}
