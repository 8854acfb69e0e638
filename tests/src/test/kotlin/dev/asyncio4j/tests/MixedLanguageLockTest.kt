package dev.asyncio4j.tests

import dev.asyncio4j.EventLoop
import dev.asyncio4j.Lock
import dev.asyncio4j.kotlin.acquire
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * One Lock shared by Java threads (futures, with cancellations), Kotlin coroutines on
 * Dispatchers.Default and Kotlin coroutines on an event loop's dispatcher (with cancellations):
 * mutual exclusion holds, every cancelled acquirer holds nothing, and the lock ends unlocked.
 */
class MixedLanguageLockTest {
    private val seconds = System.getProperty("stress.seconds", "2").toLong()

    @Test
    fun javaThreadsAndKotlinCoroutinesShareOneLock() {
        val lock = Lock()
        val inside = AtomicInteger()
        val violations = AtomicInteger()
        val entries = AtomicLong()
        val cancelledWithoutLock = AtomicLong()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        fun critical() {
            if (inside.incrementAndGet() != 1) violations.incrementAndGet()
            entries.incrementAndGet()
            if (inside.decrementAndGet() != 0) violations.incrementAndGet()
        }

        val loop = EventLoop().start()
        try {
            val javaThreads = (1..2).map {
                Thread {
                    val random = ThreadLocalRandom.current()
                    while (System.nanoTime() < deadline) {
                        val f: CompletableFuture<Void> = lock.acquireAsync()
                        if (random.nextInt(4) == 0 && f.cancel(false)) {
                            cancelledWithoutLock.incrementAndGet()
                            continue
                        }
                        f.join()
                        critical()
                        lock.release()
                    }
                }.apply { start() }
            }
            runBlocking {
                val workers = mutableListOf<Job>()
                for (dispatcher in listOf(Dispatchers.Default, loop.asCoroutineDispatcher())) {
                    repeat(4) {
                        workers += launch(dispatcher) {
                            while (System.nanoTime() < deadline) {
                                val attempt = launch {
                                    lock.acquire()
                                    try {
                                        critical()
                                        yield() // hold the lock across a suspension
                                    } finally {
                                        lock.release()
                                    }
                                }
                                if (ThreadLocalRandom.current().nextInt(3) == 0) {
                                    yield()
                                    attempt.cancel()
                                }
                                attempt.join()
                            }
                        }
                    }
                }
                withTimeout(TimeUnit.SECONDS.toMillis(seconds) + 60_000) { workers.forEach { it.join() } }
            }
            javaThreads.forEach { it.join(TimeUnit.SECONDS.toMillis(seconds) + 60_000) }
            javaThreads.forEach { assertFalse(it.isAlive, "a Java thread never finished: lost wake-up") }
        } finally {
            loop.close()
        }
        assertEquals(0, violations.get(), "mutual exclusion violated")
        assertFalse(lock.locked(), "lock leaked: $lock")
        assertTrue(entries.get() > 0)
    }

    @Test
    fun cancellationOfKotlinWaitersNeverLeaksTheLock() = runBlocking {
        // A coroutine cancelled at any point while acquiring must end holding nothing.
        val lock = Lock()
        val loop = EventLoop().start()
        try {
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
        } catch (e: CancellationException) {
            throw AssertionError(e)
        } finally {
            loop.close()
        }
    }
}
