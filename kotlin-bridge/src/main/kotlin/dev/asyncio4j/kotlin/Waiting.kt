package dev.asyncio4j.kotlin

import dev.asyncio4j.Waiter
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext

/**
 * A waiter for the calling coroutine. On the running loop's own dispatcher it is a loop waiter:
 * its grant is resumed by a callback on that loop's ready queue (a later iteration, in grant order,
 * together with Java futures), and that callback runs the coroutine in place. On any other
 * dispatcher the granting thread resumes the continuation, which runs through its dispatcher.
 */
@Suppress("NOTHING_TO_INLINE") // inline: reading the context must not be a suspension point of its caller
internal suspend inline fun <T> newWaiter(): ContinuationWaiter<T> {
    val dispatcher = currentCoroutineContext()[ContinuationInterceptor] as? LoopDispatcher
    return ContinuationWaiter(if (dispatcher != null && dispatcher.loop.inLoopThread()) dispatcher else null)
}

/**
 * The shape of every blocking acquire: [tryNow] without suspending (no waiter, no cancellation
 * check); otherwise a waiter is handed to the primitive's `xxxOrEnqueue` SPI ([enqueue]), and the
 * coroutine suspends only if it was queued.
 *
 * The suspension is the caller's tail call, with no suspension point before it, so the caller
 * needs no state machine of its own and the coroutine suspends on its own continuation (whose
 * intercepted form kotlinx caches): nothing is allocated per wait but the waiter and kotlinx's
 * continuation.
 */
internal suspend inline fun acquireOrSuspend(tryNow: () -> Boolean, enqueue: (Waiter<Void?>) -> Boolean) {
    if (tryNow()) return
    val waiter = newWaiter<Void?>()
    if (!enqueue(waiter)) waiter.awaitUnit()
}

/**
 * The Kotlin resumption strategy of the waiter core: a [Waiter] that resumes a
 * [CancellableContinuation] directly, with no `CompletableFuture` in between.
 *
 * The waiter is made and handed to the primitive's `xxxOrEnqueue` SPI method *before* the
 * coroutine suspends, so that what the primitive grants at once is returned without suspending
 * (and without a cancellation check that could drop it). Only a queued waiter [await]s; a grant
 * that arrives between the enqueue and the suspension is kept until the continuation attaches.
 *
 * Cancellation, in the order it can happen:
 * - the coroutine is cancelled while the waiter is pending: `invokeOnCancellation` withdraws it;
 * - cancelled after the grant, before the waiter resumed: the same handler cancels the waiter, and
 *   the primitive passes the grant on;
 * - cancelled after the waiter resumed but before the coroutine ran again (kotlinx's prompt
 *   cancellation): the `onCancellation` of `resume` gives the grant back ([Waiter.giveBack]).
 *
 * So a coroutine that throws `CancellationException` never holds what it asked for.
 *
 * @param loopDispatcher the running loop's dispatcher, for a loop waiter (see [newWaiter]); null otherwise
 */
internal class ContinuationWaiter<T>(private val loopDispatcher: LoopDispatcher?) :
    Waiter<T>(loopDispatcher != null),
    (Throwable?) -> Unit, // the continuation's cancellation handler: no lambda per suspension
    (Throwable, Any?, CoroutineContext) -> Unit { // resume's onCancellation: no lambda per resumption
    /** null, then the continuation, or the outcome if it came first. */
    @Volatile
    private var slot: Any? = null

    /** Set by [awaitUnit]: the continuation is resumed with `Unit`, not the granted value. */
    private var resumesWithUnit = false

    override fun resumed(value: T) = deliver(Granted(value))

    override fun failed(error: Throwable) = deliver(Failed(error))

    private fun deliver(outcome: Outcome) {
        while (true) {
            val current = slot
            if (current is CancellableContinuation<*>) {
                @Suppress("UNCHECKED_CAST")
                complete(current as CancellableContinuation<Any?>, outcome)
                return
            }
            if (SLOT.compareAndSet(this, null, outcome)) return
        }
    }

    /** Suspends until the queued waiter's grant is delivered, and returns what was granted. */
    suspend fun await(): T = suspendCancellableCoroutine { cont -> attach(cont) }

    /** [await] for a caller that returns `Unit`: being its tail call, it must return `Unit` too. */
    suspend fun awaitUnit() = suspendCancellableCoroutine<Unit> { cont -> attachUnit(cont) }

    private fun attachUnit(cont: CancellableContinuation<Unit>) {
        resumesWithUnit = true
        attach(cont)
    }

    private fun attach(cont: CancellableContinuation<*>) {
        @Suppress("UNCHECKED_CAST")
        cont as CancellableContinuation<Any?>
        // The handler first: once the slot holds the continuation, a grant may resume it at once
        // from another thread, and registering then would race with that resumption.
        cont.invokeOnCancellation(this)
        if (!SLOT.compareAndSet(this, null, cont)) complete(cont, slot as Outcome)
    }

    private fun complete(cont: CancellableContinuation<Any?>, outcome: Outcome) {
        // A loop waiter is resumed by its loop callback: the dispatch this resume makes runs the
        // coroutine right there, in that iteration, as a Java loop waiter's future completes.
        val dispatcher = loopDispatcher
        dispatcher?.runNextDispatchInPlace = true
        try {
            when (outcome) {
                is Granted<*> -> {
                    // Typed as the three-argument form: as a plain `this` it would bind to the
                    // one-argument overload (this waiter is also a Function1) and never give back.
                    val giveBackOnCancellation: (Throwable, Any?, CoroutineContext) -> Unit = this
                    cont.resume(if (resumesWithUnit) Unit else outcome.value, giveBackOnCancellation)
                }
                is Failed -> cont.resumeWith(Result.failure(outcome.error))
            }
        } finally {
            dispatcher?.runNextDispatchInPlace = false
        }
    }

    /** Cancelled while suspended: withdraw the waiter, or pass its grant on. */
    override fun invoke(cause: Throwable?) {
        cancelFromLoop()
    }

    /** Resumed, then cancelled before running again (prompt cancellation): give the grant back. */
    override fun invoke(cause: Throwable, value: Any?, context: CoroutineContext) {
        giveBack()
    }

    private sealed interface Outcome
    private class Granted<T>(val value: T) : Outcome
    private class Failed(val error: Throwable) : Outcome

    private companion object {
        @Suppress("UNCHECKED_CAST")
        val SLOT: AtomicReferenceFieldUpdater<ContinuationWaiter<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(ContinuationWaiter::class.java, Any::class.java, "slot")
                as AtomicReferenceFieldUpdater<ContinuationWaiter<*>, Any?>
    }
}
