package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import dev.asyncio4j.Lock
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit.SECONDS
import kotlin.coroutines.Continuation
import kotlin.coroutines.startCoroutine

/**
 * docs/semantics.md §14.4: a coroutine whose loop is shut down or closed is never lost. A dispatch, delay
 * or timeout that a closed loop refuses cancels the coroutine's job, and the coroutine runs on
 * Dispatchers.IO, as with kotlinx's own `Executor.asCoroutineDispatcher()` on rejection, so
 * `finally` blocks and `withLock` releases run; a loop that is only shut down keeps running its
 * coroutines until it closes.
 */
class ClosedLoopDispatcherTest {
    /** What reaches the releasing thread's uncaught-exception handler (kotlinx's DispatchException, before the fix). */
    private val uncaught = CopyOnWriteArrayList<Throwable>()
    private var previousHandler: Thread.UncaughtExceptionHandler? = null

    @BeforeEach
    fun catchUncaught() {
        previousHandler = Thread.currentThread().uncaughtExceptionHandler
        Thread.currentThread().setUncaughtExceptionHandler { _, e -> uncaught += e }
    }

    @AfterEach
    fun restoreHandler() {
        Thread.currentThread().uncaughtExceptionHandler = previousHandler
    }

    @Test
    fun aCoroutineGrantedALockAfterItsLoopClosedGivesItBackAndRunsItsFinally() {
        val loop = EventLoop().start()
        val lock = Lock()
        assertTrue(lock.tryAcquire())
        val finallyRan = CompletableFuture<Unit>()
        val job = CoroutineScope(loop.asCoroutineDispatcher()).launch {
            try {
                lock.withLock { }
            } finally {
                finallyRan.complete(Unit)
            }
        }
        loop.submit { }.get(10, SECONDS) // FIFO after the coroutine's first step: it waits for the lock
        loop.close()

        lock.release() // grants the coroutine, whose loop can no longer run it

        finallyRan.get(10, SECONDS)
        val cause = completion(job).get(10, SECONDS)
        assertInstanceOf(CancellationException::class.java, cause)
        assertFalse(lock.locked(), "the grant must pass on: $lock")
        assertEquals(listOf<Throwable>(), uncaught)
    }

    @Test
    fun aCoroutineInDelayOnALoopThatClosesRunsItsFinallyAndWithLockReleases() {
        val loop = EventLoop().start()
        val lock = Lock()
        val finallyRan = CompletableFuture<Unit>()
        val job = CoroutineScope(loop.asCoroutineDispatcher()).launch {
            try {
                lock.withLock { delay(3_600_000) }
            } finally {
                finallyRan.complete(Unit)
            }
        }
        loop.submit { }.get(10, SECONDS) // the coroutine holds the lock and waits in delay
        assertTrue(lock.locked())
        loop.close()

        job.cancel() // its resumption is dispatched to the closed loop

        finallyRan.get(10, SECONDS)
        assertInstanceOf(CancellationException::class.java, completion(job).get(10, SECONDS))
        assertFalse(lock.locked(), "withLock must release: $lock")
        assertEquals(listOf<Throwable>(), uncaught)
    }

    /** Runs [body] in a coroutine on a closed loop's dispatcher: it must end cancelled, seeing a CancellationException. */
    private fun onAClosedLoopEndsCancelled(body: suspend () -> Unit) {
        val loop = EventLoop()
        loop.close()
        val thrown = CompletableFuture<Throwable>()
        val job = CoroutineScope(loop.asCoroutineDispatcher()).launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                body()
            } catch (e: Throwable) {
                thrown.complete(e)
                throw e
            }
        }
        assertInstanceOf(CancellationException::class.java, thrown.get(10, SECONDS))
        assertInstanceOf(CancellationException::class.java, completion(job).get(10, SECONDS))
    }

    @Test
    fun aDelayAskedOfAClosedLoopCancelsTheCoroutineInsteadOfFailingIt() = onAClosedLoopEndsCancelled { delay(3_600_000) }

    @Test
    fun aTimeoutAskedOfAClosedLoopCancelsTheCoroutineInsteadOfFailingIt() = onAClosedLoopEndsCancelled {
        withTimeout(3_600_000) { delay(1) }
    }

    @Test
    fun aDelayWithNoJobToCancelIsTimedElsewhere() {
        val loop = EventLoop()
        loop.close()
        val result = CompletableFuture<String>()
        suspend { delay(1); "done" }.startCoroutine(Continuation(loop.asCoroutineDispatcher()) { result.complete(it.getOrThrow()) })
        assertEquals("done", result.get(10, SECONDS))
    }

    @Test
    fun aCoroutineOnAShutDownLoopKeepsRunningOnItUntilItCloses() {
        val loop = EventLoop().start()
        val shutDown = CompletableFuture<Unit>()
        val ranOnLoop = CompletableFuture<Boolean>()
        val job = CoroutineScope(loop.asCoroutineDispatcher()).launch {
            while (!shutDown.isDone) delay(1) // its timers keep the shut-down loop running
            yield() // a dispatch after shutdown(): execute() refuses it
            ranOnLoop.complete(loop.inLoopThread())
        }
        loop.submit { }.get(10, SECONDS)
        loop.shutdown()
        shutDown.complete(Unit)

        assertTrue(ranOnLoop.get(10, SECONDS))
        assertNull(completion(job).get(10, SECONDS))
        assertTrue(loop.awaitTermination(10, SECONDS))
        assertEquals(listOf<Throwable>(), uncaught)
    }

    @Test
    fun aCoroutineLaunchedOnAClosedLoopIsCancelledAndRunsElsewhere() {
        val loop = EventLoop()
        loop.close()
        val ran = CompletableFuture<Boolean>()
        val job = CoroutineScope(loop.asCoroutineDispatcher()).launch {
            try {
                ran.complete(true)
            } finally {
                ran.complete(false)
            }
        }
        // Cancelled before its first step, it never runs its body: only its completion is observable.
        assertInstanceOf(CancellationException::class.java, completion(job).get(10, SECONDS))
        assertFalse(ran.isDone)
        assertEquals(listOf<Throwable>(), uncaught)
    }

    /** The job's completion cause (null: completed normally), observable from this thread with a bounded wait. */
    private fun completion(job: Job): CompletableFuture<Throwable?> {
        val done = CompletableFuture<Throwable?>()
        job.invokeOnCompletion { done.complete(it) }
        return done
    }
}
