package dev.asyncio4j.tests

import dev.asyncio4j.EventLoop
import dev.asyncio4j.Semaphore
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
 * One Semaphore shared by Java threads (futures, with cancellations), Kotlin coroutines on
 * Dispatchers.Default and Kotlin coroutines on an event loop's dispatcher (with cancellations): at
 * most N holders at any time, every cancelled acquirer holds nothing, and the permits are
 * conserved (back to N at the end).
 */
class MixedLanguageSemaphoreTest {
    private val seconds = System.getProperty("stress.seconds", "2").toLong()
    private val permits = 3

    @Test
    fun javaThreadsAndKotlinCoroutinesShareOneSemaphore() {
        val sem = Semaphore(permits)
        val inside = AtomicInteger()
        val violations = AtomicInteger()
        val entries = AtomicLong()
        val cancelledWithoutPermit = AtomicLong()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        fun enter() {
            if (inside.incrementAndGet() > permits) violations.incrementAndGet()
            entries.incrementAndGet()
        }
        fun leave() {
            if (inside.decrementAndGet() < 0) violations.incrementAndGet()
        }

        val loop = EventLoop().start()
        try {
            val javaThreads = (1..3).map {
                Thread {
                    val random = ThreadLocalRandom.current()
                    while (System.nanoTime() < deadline) {
                        val f: CompletableFuture<Void> = sem.acquireAsync()
                        if (random.nextInt(4) == 0 && f.cancel(false)) {
                            cancelledWithoutPermit.incrementAndGet()
                            continue
                        }
                        f.join()
                        enter()
                        Thread.yield()
                        leave()
                        sem.release()
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
                                    sem.acquire()
                                    enter()
                                    try {
                                        yield() // hold the permit across a suspension (cancellable)
                                    } finally {
                                        leave()
                                        sem.release()
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
        assertEquals(0, violations.get(), "more than $permits holders at once")
        assertEquals(permits, sem.availablePermits(), "permits not conserved: $sem")
        assertFalse(sem.locked(), "$sem")
        assertTrue(entries.get() > 0)
    }

    @Test
    fun cancellationOfKotlinWaitersNeverLeaksAPermit() = runBlocking {
        // A coroutine cancelled at any point while acquiring must end holding nothing.
        val sem = Semaphore(0)
        val loop = EventLoop().start()
        try {
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
        } catch (e: CancellationException) {
            throw AssertionError(e)
        } finally {
            loop.close()
        }
    }
}
