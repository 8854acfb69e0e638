package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import java.time.Duration
import kotlin.coroutines.CoroutineContext

/**
 * A [CoroutineDispatcher] that runs coroutines on this asyncio-style loop: the Kotlin side of
 * asyncio's "tasks run on the loop". `dispatch` is [EventLoop.execute] (`callSoon`: FIFO with the
 * loop's other callbacks, on a later iteration), and it implements [Delay], so `delay`,
 * `withTimeout` and `withTimeoutOrNull` use the loop's timers and therefore its virtual clock.
 * `yield()` gives up one iteration, like asyncio's `sleep(0)`.
 *
 * asyncio: none by name (asyncio's coroutines always run on their loop); Java: the loop itself as
 * an executor, [EventLoop.execute] and [EventLoop.schedule].
 *
 * Two dispatchers of the same loop are equal, so `withContext` between them does not dispatch.
 * Thread-safe: a coroutine may be dispatched to the loop from any thread.
 */
fun EventLoop.asCoroutineDispatcher(): CoroutineDispatcher = LoopDispatcher(this)

@OptIn(InternalCoroutinesApi::class)
internal class LoopDispatcher(val loop: EventLoop) : CoroutineDispatcher(), Delay {
    /**
     * Set on the loop thread by a loop waiter's callback around its continuation's resume: the
     * one dispatch that resume makes runs the coroutine in place instead of a later iteration.
     */
    @JvmField
    internal var runNextDispatchInPlace = false

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        if (runNextDispatchInPlace && loop.inLoopThread()) {
            runNextDispatchInPlace = false
            block.run()
        } else {
            loop.execute(block)
        }
    }

    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val timer = loop.callLater(Duration.ofMillis(timeMillis)) {
            with(continuation) { resumeUndispatched(Unit) }
        }
        continuation.invokeOnCancellation { timer.cancel() }
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val timer = loop.callLater(Duration.ofMillis(timeMillis), block)
        return DisposableHandle { timer.cancel() }
    }

    override fun equals(other: Any?): Boolean = other is LoopDispatcher && other.loop === loop
    override fun hashCode(): Int = System.identityHashCode(loop)
    override fun toString(): String = "LoopDispatcher[$loop]"
}
