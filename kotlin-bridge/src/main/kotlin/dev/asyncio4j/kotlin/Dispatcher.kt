package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.time.Duration
import java.util.concurrent.RejectedExecutionException
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
 * Shut down and closed loops: after [EventLoop.shutdown] the loop keeps running its coroutines, as
 * it does its tasks, until it closes. A coroutine dispatched to a closed loop is never lost: as
 * kotlinx's own `Executor.asCoroutineDispatcher()` does when its executor rejects a task, its job
 * is cancelled (a `CancellationException` caused by the loop's refusal) and it runs on
 * [Dispatchers.IO], so its `finally` blocks and `withLock` releases run, and a grant it had not
 * yet received passes on. A `delay` or timeout asked of a closed loop cancels the job the same way
 * (a coroutine with no job has its delay timed by kotlinx's default timer instead). A coroutine
 * already waiting in `delay` when its loop closes resumes when it is cancelled: closing drops the
 * loop's timers.
 *
 * Two dispatchers of the same loop are equal, so `withContext` between them does not dispatch.
 * Thread-safe: a coroutine may be dispatched to the loop from any thread.
 */
fun EventLoop.asCoroutineDispatcher(): CoroutineDispatcher = LoopDispatcher(this)

@OptIn(InternalCoroutinesApi::class, ExperimentalCoroutinesApi::class) // Delay; resumeUndispatched before kotlinx 1.10
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
            return
        }
        try {
            loop.execute(block)
        } catch (refused: RejectedExecutionException) { // shut down or closed
            dispatchRefused(context, block, refused)
        } catch (closed: IllegalStateException) { // closed between execute's two checks
            dispatchRefused(context, block, closed)
        }
    }

    /**
     * A shut-down loop still runs what it has, coroutines included: `callSoon` takes the block until
     * the loop closes. A closed loop's coroutine is cancelled and run elsewhere.
     */
    private fun dispatchRefused(context: CoroutineContext, block: Runnable, refusal: RuntimeException) {
        if (!loop.isClosed) {
            try {
                loop.callSoon(block)
                return
            } catch (closedMeanwhile: IllegalStateException) {
                // closed since execute refused: as below
            }
        }
        cancelRefused(context, refusal)
        Dispatchers.IO.dispatch(context, block)
    }

    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val resume = Runnable { with(continuation) { resumeUndispatched(Unit) } }
        val timer = try {
            loop.callLater(Duration.ofMillis(timeMillis), resume)
        } catch (closed: IllegalStateException) {
            cancelRefused(continuation.context, closed)
            val elsewhere = afterRealDelay(timeMillis, resume)
            continuation.invokeOnCancellation { elsewhere.cancel(null) }
            return
        }
        continuation.invokeOnCancellation { timer.cancel() }
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val timer = try {
            loop.callLater(Duration.ofMillis(timeMillis), block)
        } catch (closed: IllegalStateException) {
            cancelRefused(context, closed)
            val elsewhere = afterRealDelay(timeMillis, block)
            return DisposableHandle { elsewhere.cancel(null) }
        }
        return DisposableHandle { timer.cancel() }
    }

    /** The loop refused the coroutine's work: cancel its job (if it has one), with the refusal as the cause. */
    private fun cancelRefused(context: CoroutineContext, refusal: RuntimeException) {
        context.cancel(CancellationException("$loop refused the coroutine", refusal))
    }

    override fun equals(other: Any?): Boolean = other is LoopDispatcher && other.loop === loop
    override fun hashCode(): Int = System.identityHashCode(loop)
    override fun toString(): String = "LoopDispatcher[$loop]"
}

/**
 * [block] after [timeMillis] on kotlinx's default timer, then on [Dispatchers.IO]: where a closed
 * loop's timers go. (Not a member of LoopDispatcher, where `delay` would be [Delay]'s own.)
 */
@OptIn(DelicateCoroutinesApi::class) // a timer of its own, ended by the returned job's cancel
private fun afterRealDelay(timeMillis: Long, block: Runnable): Job =
    GlobalScope.launch(Dispatchers.IO) {
        delay(timeMillis)
        block.run()
    }
