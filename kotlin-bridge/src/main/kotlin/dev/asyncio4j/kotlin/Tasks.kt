package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import dev.asyncio4j.Task
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import kotlin.coroutines.cancellation.CancellationException

/**
 * Suspends until this Java task is done and returns its result, or throws its failure
 * (`CancellationException` if it was cancelled). asyncio: `await task`; Java: awaiting
 * [Asyncio.wrapFuture] of the task (or the task's own stage, in the task that created it).
 *
 * Cancelling the calling coroutine sends the task a cancel request ([Task.cancel]), and the caller
 * ends at once, by Kotlin's prompt cancellation (asyncio: the caller resumes only once the awaited
 * task has finished).
 */
suspend fun <T> Task<T>.await(): T {
    if (isDone) return outcome()
    return suspendCancellableCoroutine { cont ->
        val onDone = Consumer<Task<T>> { task ->
            val result = runCatching { task.outcome() }
            cont.resumeWith(result)
        }
        addDoneCallback(onDone)
        cont.invokeOnCancellation {
            removeDoneCallback(onDone)
            cancel()
        }
    }
}

/** The task's outcome as Kotlin sees it: its value, or its failure thrown as it is (not wrapped). */
private fun <T> Task<T>.outcome(): T {
    val failure = try {
        exception()
    } catch (cancelled: CancellationException) {
        throw cancelled
    }
    if (failure != null) throw failure
    return result()
}

/**
 * A Java [Task] mirroring this Deferred's outcome, with completion notified on the event loop
 * running on this thread. asyncio: `asyncio.ensure_future(awaitable)`; Java: [EventLoop.createTask]
 * over [Asyncio.wrapFuture] of a foreign future.
 *
 * [Task.cancel] cancels the Deferred's job. Kotlin cancellation is sticky, so [Task.uncancel] only
 * changes the task's count.
 *
 * @throws IllegalStateException if no event loop can be found
 */
@OptIn(ExperimentalCoroutinesApi::class)
fun <T> Deferred<T>.asTask(): Task<T> {
    val loop = runCatching { EventLoop.running() }.getOrNull()
        ?: throw IllegalStateException("Deferred.asTask() needs a running event loop on this thread")
    val mirror = CompletableFuture<T>()
    invokeOnCompletion { cause ->
        if (cause == null) {
            mirror.complete(getCompleted())
        } else {
            mirror.completeExceptionally(cause)
        }
    }
    mirror.whenComplete { _, _ -> if (mirror.isCancelled) cancel(null) } // not cancel(): see runAsyncio
    val task = loop.createTask { Asyncio.wrapFuture(mirror) }
    // A task cancelled before its first step never calls its supplier: cancel the Deferred then too.
    task.addDoneCallback { if (it.isCancelled) cancel(null) }
    return task
}
