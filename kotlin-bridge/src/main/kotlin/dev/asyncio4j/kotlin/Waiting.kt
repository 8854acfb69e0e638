package dev.asyncio4j.kotlin

import dev.asyncio4j.Waiter
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The Kotlin resumption strategy of the waiter core: a [Waiter] that resumes a
 * [CancellableContinuation] directly, with no `CompletableFuture` in between.
 *
 * Cancellation, in the order it can happen:
 * - the coroutine is cancelled while the waiter is pending: `invokeOnCancellation` withdraws it;
 * - cancelled after the grant, before the waiter resumed: the same handler cancels the waiter, and
 *   the primitive passes the grant on;
 * - cancelled after the waiter resumed but before the coroutine ran again (kotlinx's prompt
 *   cancellation): the `onCancellation` of `resume` gives the grant back ([Waiter.giveBack]).
 *
 * So a coroutine that throws `CancellationException` never holds what it asked for.
 */
internal class ContinuationWaiter<T>(private val cont: CancellableContinuation<T>) : Waiter<T>(false) {
    override fun resumed(value: T) {
        cont.resume(value) { _, _, _ -> giveBack() }
    }

    override fun failed(error: Throwable) {
        cont.resumeWith(Result.failure(error))
    }

    /** Delivers what an SPI call granted at once, inside the suspending block. */
    fun resumeAtOnce(value: T) = resumed(value)
}

/**
 * Suspends on a primitive's waiter queue. [enqueue] calls the primitive's `xxxOrEnqueue` SPI
 * method with the waiter and returns [NOT_YET] if it was queued, or the value granted at once.
 */
internal suspend inline fun <T> awaitGrant(crossinline enqueue: (Waiter<T>) -> Any?): T =
    suspendCancellableCoroutine { cont ->
        val waiter = ContinuationWaiter(cont)
        val atOnce = enqueue(waiter)
        if (atOnce !== NOT_YET) {
            @Suppress("UNCHECKED_CAST")
            waiter.resumeAtOnce(atOnce as T)
        } else {
            cont.invokeOnCancellation { waiter.cancel() }
        }
    }

/** Marker: the waiter was queued, the value comes later. */
internal val NOT_YET = Any()
