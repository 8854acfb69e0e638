package dev.asyncio4j.tests

import dev.asyncio4j.Lock
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
 * One Lock shared by Java threads (futures, with cancellations), Kotlin coroutines on
 * Dispatchers.Default and Kotlin coroutines on an event loop's dispatcher (with cancellations):
 * mutual exclusion holds, every cancelled acquirer holds nothing, and the lock ends unlocked.
 */
class MixedLanguageLockTest {

    @Test
    fun javaThreadsAndKotlinCoroutinesShareOneLock() {
        val lock = Lock()
        val inside = AtomicInteger()
        val violations = AtomicInteger()
        val entries = AtomicLong()
        val cancelledWithoutLock = AtomicLong()
        fun critical() {
            if (inside.incrementAndGet() != 1) violations.incrementAndGet()
            entries.incrementAndGet()
            if (inside.decrementAndGet() != 0) violations.incrementAndGet()
        }

        mixedContention {
            val javaThreads = javaThreadsUntilDeadline(2) { random ->
                val f: CompletableFuture<Void> = lock.acquireAsync()
                if (random.cancelledSometimes(f)) {
                    cancelledWithoutLock.incrementAndGet()
                } else {
                    f.join()
                    critical()
                    lock.release()
                }
            }
            runBlocking {
                val workers = coroutinesUntilDeadline(this, 4) {
                    lock.acquire()
                    try {
                        critical()
                        yield() // hold the lock across a suspension
                    } finally {
                        lock.release()
                    }
                }
                withTimeout(timeoutMillis) { workers.forEach { it.join() } }
            }
            joinAll(javaThreads, timeoutMillis, "a Java thread")
        }
        assertEquals(0, violations.get(), "mutual exclusion violated")
        assertFalse(lock.locked(), "lock leaked: $lock")
        assertTrue(entries.get() > 0)
    }

    @Test
    fun cancellationOfKotlinWaitersNeverLeaksTheLock() = runBlockingWithLoop { loop ->
        // A coroutine cancelled at any point while acquiring must end holding nothing.
        val lock = Lock()
        repeat(2_000) { i ->
            lock.tryAcquire()
            val job = launch(if (i % 2 == 0) Dispatchers.Default else loop.asCoroutineDispatcher()) {
                lock.acquire()
                lock.release()
            }
            if (i % 3 == 0) yield()
            lock.release() // hand-off races with the cancellation below
            job.cancel()
            job.join()
            assertFalse(lock.locked(), "iteration $i: $lock")
        }
    }
}
