package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async

/**
 * Runs [block] as the main coroutine of a new event loop on the calling thread, and returns its
 * value or rethrows its failure, as `runBlocking` would. asyncio: `asyncio.run(main())`; Java:
 * [dev.asyncio4j.Asyncio.run].
 *
 * The loop uses a virtual clock when [virtualClock] is true (`delay` and `withTimeout` then take no
 * real time). When [block] is done, coroutines still running in its scope's root job are
 * cancelled and awaited, the loop's default executor is shut down and the loop is closed.
 *
 * @throws IllegalStateException if a loop is already running on this thread, or the loop is
 *   stopped before [block] completes
 */
@OptIn(ExperimentalCoroutinesApi::class)
fun <T> runAsyncio(virtualClock: Boolean = false, block: suspend CoroutineScope.() -> T): T {
    check(runCatching { EventLoop.running() }.isFailure) { "runAsyncio() cannot be called from a running event loop" }
    val loop = if (virtualClock) EventLoop.withVirtualClock() else EventLoop()
    try {
        val root = Job()
        val main = CoroutineScope(loop.asCoroutineDispatcher() + root).async { block() }
        main.invokeOnCompletion { loop.stop() }
        loop.runForever()
        check(main.isCompleted) { "event loop stopped before the main coroutine completed" }
        // Leftovers: cancel what still runs in the root job and let it finish on the loop.
        root.cancel()
        if (!root.isCompleted) {
            root.invokeOnCompletion { loop.stop() }
            loop.runForever()
        }
        return main.getCompleted()
    } finally {
        loop.close()
    }
}
