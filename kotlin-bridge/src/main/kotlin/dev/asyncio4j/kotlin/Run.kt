package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.coroutines.cancellation.CancellationException

/**
 * Runs [block] as the main coroutine of a new event loop on the calling thread, and returns its
 * value or rethrows its failure as it is, as `runBlocking` would. asyncio: `asyncio.run(main())`;
 * Java: [Asyncio.run].
 *
 * The loop uses a virtual clock when [virtualClock] is true (`delay` and `withTimeout` then take no
 * real time). When [block] is done, whatever its outcome: coroutines still running in the loop's
 * root job are cancelled and awaited, then, as in [Asyncio.run], every unfinished Java task of the
 * loop is cancelled and awaited (failures other than cancellation go to the loop's exception
 * handler), the default executor is shut down and the loop is closed.
 *
 * `Thread.interrupt()` of the calling thread (asyncio: Ctrl-C, `KeyboardInterrupt`) cancels the
 * main coroutine, as [Asyncio.run] cancels its main task: the run then ends as above, cleanup
 * included, and returns with the thread's interrupt status set. A main coroutine that ended
 * cancelled throws `java.util.concurrent.CancellationException` whose cause is an
 * [InterruptedException]; one that failed meanwhile (its `finally` threw) throws that failure.
 * Unlike a Java main task, a cancelled coroutine cannot swallow its cancellation and return a
 * value (kotlinx ends a cancelled `async` cancelled whatever its block returns).
 *
 * @throws IllegalStateException if a loop is already running on this thread, or the loop is
 *   stopped before [block] completes
 */
@OptIn(ExperimentalCoroutinesApi::class)
fun <T> runAsyncio(virtualClock: Boolean = false, block: suspend CoroutineScope.() -> T): T {
    check(runCatching { EventLoop.running() }.isFailure) { "runAsyncio() cannot be called from a running event loop" }
    val loop = if (virtualClock) EventLoop.withVirtualClock() else EventLoop()
    val root = Job()
    lateinit var main: Deferred<T>
    Asyncio.run(loop) {
        main = CoroutineScope(loop.asCoroutineDispatcher() + root).async { block() }
        val cleanedUp = CompletableFuture<Void?>()
        main.invokeOnCompletion {
            // Leftovers of the root job: cancel them and let them finish on the loop. cancel(null),
            // not cancel(): a default argument compiles to a helper whose owner class differs
            // between kotlinx versions (NoSuchMethodError on 1.10 when built against 1.11).
            root.cancel(null)
            root.invokeOnCompletion { cleanedUp.complete(null) }
        }
        mainTaskBody(main, cleanedUp)
    }
    return main.getCompleted()
}

/**
 * What the Java main task awaits: [cleanedUp], through an await point that passes the task's
 * cancellation (how [Asyncio.run] answers an interrupt) on to [main]. The task then ends
 * cancelled if [main] did, so that [Asyncio.run] reports the interrupt; otherwise normally, and
 * [runAsyncio] returns or throws [main]'s outcome.
 */
@OptIn(ExperimentalCoroutinesApi::class) private fun mainTaskBody(main: Deferred<*>, cleanedUp: CompletableFuture<Void?>): CompletionStage<Void?> {
    val cancellable = cleanedUp.thenApply { it } // its own future: the await point's cancel must not reach cleanedUp
    cancellable.whenComplete { _, _ ->
        if (cancellable.isCancelled) main.cancel(CancellationException("runAsyncio's main task cancelled"))
    }
    return Asyncio.wrapFuture(cancellable).exceptionallyCompose {
        cleanedUp.thenCompose {
            val cancelled = main.getCompletionExceptionOrNull() as? CancellationException
            if (cancelled != null) CompletableFuture.failedFuture(cancelled) else CompletableFuture.completedFuture(null)
        }
    }
}
