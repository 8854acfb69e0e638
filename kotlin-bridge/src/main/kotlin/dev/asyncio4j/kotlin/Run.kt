package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import java.util.concurrent.CompletableFuture

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
 * @throws IllegalStateException if a loop is already running on this thread, or the loop is
 *   stopped before [block] completes
 */
@OptIn(ExperimentalCoroutinesApi::class)
fun <T> runAsyncio(virtualClock: Boolean = false, block: suspend CoroutineScope.() -> T): T {
    check(runCatching { EventLoop.running() }.isFailure) { "runAsyncio() cannot be called from a running event loop" }
    val loop = if (virtualClock) EventLoop.withVirtualClock() else EventLoop()
    val root = Job()
    lateinit var main: kotlinx.coroutines.Deferred<T>
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
        cleanedUp
    }
    return main.getCompleted()
}
