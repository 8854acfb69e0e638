package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import dev.asyncio4j.Task
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.IOException
import java.time.Duration
import java.util.concurrent.CompletableFuture

/** docs/semantics.md §14.3: Task.await and Deferred.asTask. */
class TaskInteropTest {

    private fun loop() = EventLoop.running()

    /**
     * The failure itself, not wrapped. kotlinx-coroutines' stack-trace recovery (on with `-ea`, as
     * under Surefire) may throw a copy of the same class whose cause is the original.
     */
    private fun assertSameFailure(expected: Throwable, actual: Throwable) {
        assertSame(expected.javaClass, actual.javaClass)
        assertTrue(actual === expected || actual.cause === expected, "not the task's failure: $actual")
    }

    /** A few loop iterations, enough for a completion to cross over: the task must then be done. */
    private suspend fun settle(task: Task<*>) {
        repeat(5) { if (!task.isDone) yield() }
        assertTrue(task.isDone, "task not done: $task")
    }

    @Test
    fun awaitReturnsTheTaskResult() = runAsyncio(virtualClock = true) {
        val task = loop().createTask { Asyncio.sleep(Duration.ofSeconds(5), "done") }
        assertEquals("done", task.await())
        assertEquals(Duration.ofSeconds(5).toNanos(), loop().time())
    }

    @Test
    fun awaitOnADoneTaskDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val task = loop().createTask { CompletableFuture.completedFuture(7) }
        task.await()
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        log += "got ${task.await()}"
        yield()
        assertEquals(listOf("got 7", "other coroutine"), log)
    }

    @Test
    fun awaitRethrowsTheTaskFailureUnchanged() = runAsyncio(virtualClock = true) {
        val unchecked = IllegalArgumentException("bad")
        val checked = IOException("io")
        val failing = loop().createTask<Int> { CompletableFuture.failedFuture(unchecked) }
        val failingChecked = loop().createTask<Int> { Asyncio.sleep(Duration.ofSeconds(1)).thenCompose { CompletableFuture.failedFuture(checked) } }
        assertSameFailure(unchecked, assertThrows<IllegalArgumentException> { failing.await() })
        assertSameFailure(checked, assertThrows<IOException> { failingChecked.await() })
    }

    @Test
    fun awaitOnACancelledTaskThrowsCancellation() = runAsyncio(virtualClock = true) {
        val task = loop().createTask { Asyncio.sleep(Duration.ofSeconds(5)) }
        launch { task.cancel("stop") }
        val error = assertThrows<CancellationException> { task.await() }
        assertEquals("stop", error.message)
        assertTrue(task.isCancelled)
    }

    @Test
    fun cancellingTheCallerSendsTheTaskACancelRequest() = runAsyncio(virtualClock = true) {
        val task = loop().createTask { Asyncio.sleep(Duration.ofSeconds(60)) }
        val caller = launch { task.await() }
        yield()
        yield() // the task is now sleeping, the caller awaiting it
        caller.cancel()
        caller.join()
        assertTrue(caller.isCancelled)
        assertEquals(1, task.cancelling(), "one cancel request")
        repeat(2) { yield() }
        assertTrue(task.isCancelled)
        assertEquals(0L, loop().time(), "cancelled, not slept out")
    }

    @Test
    fun callerEndsAtOnceEvenIfTheTaskAbsorbsTheCancellation() = runAsyncio(virtualClock = true) {
        val task = loop().createTask {
            Asyncio.sleep(Duration.ofSeconds(60)).handle { _, _ -> "recovered" }
        }
        val caller = launch { task.await() }
        repeat(2) { yield() }
        caller.cancel()
        caller.join()
        assertTrue(caller.isCancelled)
        assertEquals("recovered", task.await())
    }

    @Test
    fun deferredResultCrossesToTheTask() = runAsyncio(virtualClock = true) {
        val deferred = async { delay(1_000); 5 }
        val task: Task<Int> = deferred.asTask()
        assertEquals(5, task.await())
        assertEquals(5, task.result())
        assertEquals(Duration.ofSeconds(1).toNanos(), loop().time())
    }

    @Test
    fun deferredFailureCrossesToTheTaskUnchanged() = runAsyncio(virtualClock = true) {
        val error = IOException("io")
        val deferred = CompletableDeferred<Int>()
        val task = deferred.asTask()
        deferred.completeExceptionally(error)
        settle(task)
        assertSame(error, task.exception())
        assertFalse(task.isCancelled)
    }

    @Test
    fun deferredCancelledCancelsTheTask() = runAsyncio(virtualClock = true) {
        val deferred = CompletableDeferred<Int>()
        val task = deferred.asTask()
        yield()
        deferred.cancel()
        settle(task)
        assertTrue(task.isCancelled)
    }

    @Test
    fun taskCancelCancelsTheDeferred() = runAsyncio(virtualClock = true) {
        val deferred = async { awaitCancellation() }
        val task = deferred.asTask()
        repeat(2) { yield() } // the task runs and waits for the Deferred
        assertTrue(task.cancel())
        deferred.join()
        assertTrue(deferred.isCancelled)
        settle(task)
        assertTrue(task.isCancelled)
    }

    @Test
    fun taskCancelledBeforeItsFirstStepCancelsTheDeferred() = runAsyncio(virtualClock = true) {
        val deferred = CompletableDeferred<Int>()
        val task = deferred.asTask()
        task.cancel() // the supplier never runs
        settle(task)
        yield() // the task's done callbacks run one iteration after it finished
        assertTrue(task.isCancelled)
        assertTrue(deferred.isCancelled)
    }

    @Test
    fun asTaskWithoutARunningLoopIsRejected() {
        runBlocking {
            assertThrows<IllegalStateException> { CompletableDeferred(1).asTask() }
        }
    }
}
