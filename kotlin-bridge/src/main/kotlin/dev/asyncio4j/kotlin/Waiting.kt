package dev.asyncio4j.kotlin

import dev.asyncio4j.Waiter
import dev.asyncio4j.WaiterSpi
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
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
internal suspend inline fun <T> newWaiter(): ContinuationWaiter<T> = ContinuationWaiter(waitsOnLoop())

/** True if the calling coroutine runs on its loop's own dispatcher, on that loop's thread: its waiters are loop waiters. */
@Suppress("NOTHING_TO_INLINE") // inline: as newWaiter
internal suspend inline fun waitsOnLoop(): Boolean {
    val dispatcher = currentCoroutineContext()[ContinuationInterceptor] as? LoopDispatcher
    return dispatcher != null && dispatcher.loop.inLoopThread()
}

/**
 * The shape of every blocking acquire: [tryNow] without suspending (no waiter, no cancellation
 * check); otherwise a waiter is handed to the primitive's [WaiterSpi] method ([enqueue]), and the
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
 * Awaits the future of another implementation of the primitives' interfaces (a Redis lock, say),
 * which has no waiter queue to share, and returns [asResult] of its value (`Unit` for a caller
 * that returns `Unit`, so that this stays the caller's tail call). Cancelling the coroutine while
 * it waits cancels the future, and a grant that completes the future but reaches a coroutine
 * already cancelled (kotlinx's prompt cancellation) is handed to [giveBack] (a release), so
 * nothing stays held. A future already complete normally returns without suspending.
 */
internal suspend inline fun <T, R> CompletableFuture<T>.awaitGrant(
    noinline giveBack: ((T) -> Unit)?,
    crossinline asResult: (T) -> R,
): R {
    if (isDone && !isCompletedExceptionally) return asResult(getNow(null))
    return suspendCancellableCoroutine { cont ->
        whenComplete { value, error ->
            if (error != null) {
                cont.resumeWithException(if (error is CompletionException) error.cause ?: error else error)
            } else if (giveBack == null) {
                cont.resume(asResult(value))
            } else {
                cont.resume(asResult(value)) { _, _, _ -> giveBack(value) }
            }
        }
        cont.invokeOnCancellation { cancel(false) }
    }
}

/**
 * The Kotlin resumption strategy of the waiter core: a [Waiter] that resumes a
 * [CancellableContinuation] directly, with no `CompletableFuture` in between.
 *
 * The waiter is made and handed to the primitive through [WaiterSpi] *before* the coroutine
 * suspends, so that what the primitive grants at once is returned without suspending (and without
 * a cancellation check that could drop it). Only a queued waiter [await]s; a grant that arrives
 * between the enqueue and the suspension is kept until the continuation attaches.
 *
 * After the resumption, the Waiter protocol's last step: the coroutine's code [accepts][acceptGrant]
 * the grant once it really continues (only a queue put needs it: its item enters then; for the
 * others the grant was applied when made), or the grant is given back.
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
 * Footprint: the waiter is itself the continuation's cancellation handler and `resume`'s
 * `onCancellation`, and holds one field beside the core's: no lambda, no dispatcher reference, no
 * flag per suspension (a `Void` grant resumes with `Unit`; a loop waiter finds its dispatcher in
 * the continuation's context).
 *
 * @param onLoop true for a loop waiter (see [newWaiter])
 */
internal class ContinuationWaiter<T>(onLoop: Boolean) :
    Waiter<T>(onLoop),
    (Throwable?) -> Unit, // the continuation's cancellation handler: no lambda per suspension
    (Throwable, Any?, CoroutineContext) -> Unit { // resume's onCancellation: no lambda per resumption
    /** null, then the continuation, or the outcome if it came first. */
    @Volatile
    private var slot: Any? = null

    override fun resumed(value: T) = deliver(if (value == null) Unit else value)

    override fun failed(error: Throwable) = deliver(Failed(error))

    /** [outcome]: what the continuation resumes with (`Unit` for a `Void` grant), or [Failed]. */
    private fun deliver(outcome: Any) {
        while (true) {
            val current = slot
            if (current is CancellableContinuation<*>) {
                @Suppress("UNCHECKED_CAST")
                complete(current as CancellableContinuation<Any?>, outcome)
                return
            }
            if (SLOT.compareAndSet(this, null, Delivered(outcome))) return
        }
    }

    /** Suspends until the queued waiter's grant is delivered, and returns what was granted (never null). */
    suspend fun await(): T = suspendCancellableCoroutine { cont -> attach(cont) }

    /** [await] for a `Void` grant and a caller that returns `Unit`: being its tail call, it must return `Unit` too. */
    suspend fun awaitUnit() = suspendCancellableCoroutine<Unit> { cont -> attach(cont) }

    /** The coroutine's code continues with the grant: the Waiter protocol's accept step. */
    fun acceptGrant() = accept()

    private fun attach(cont: CancellableContinuation<*>) {
        @Suppress("UNCHECKED_CAST")
        cont as CancellableContinuation<Any?>
        // The handler first: once the slot holds the continuation, a grant may resume it at once
        // from another thread, and registering then would race with that resumption.
        cont.invokeOnCancellation(this)
        if (!SLOT.compareAndSet(this, null, cont)) complete(cont, (slot as Delivered).outcome)
    }

    private fun complete(cont: CancellableContinuation<Any?>, outcome: Any) {
        // A loop waiter is resumed by its loop callback: the dispatch this resume makes runs the
        // coroutine right there, in that iteration, as a Java loop waiter's future completes.
        val dispatcher = if (resumesOnLoop()) cont.context[ContinuationInterceptor] as? LoopDispatcher else null
        dispatcher?.runNextDispatchInPlace = true
        try {
            if (outcome is Failed) {
                cont.resumeWith(Result.failure(outcome.error))
            } else {
                // Typed as the three-argument form: as a plain `this` it would bind to the
                // one-argument overload (this waiter is also a Function1) and never give back.
                val giveBackOnCancellation: (Throwable, Any?, CoroutineContext) -> Unit = this
                cont.resume(outcome, giveBackOnCancellation)
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

    /** An outcome delivered before the continuation attached (rare: a grant racing the suspension). */
    private class Delivered(val outcome: Any)
    private class Failed(val error: Throwable)

    private companion object {
        @Suppress("UNCHECKED_CAST")
        val SLOT: AtomicReferenceFieldUpdater<ContinuationWaiter<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(ContinuationWaiter::class.java, Any::class.java, "slot")
                as AtomicReferenceFieldUpdater<ContinuationWaiter<*>, Any?>
    }
}
