package dev.asyncio4j.kotlin

import dev.asyncio4j.Queue
import dev.asyncio4j.QueueShutDownException
import dev.asyncio4j.Waiter
import dev.asyncio4j.WaiterSpi
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReferenceArray
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * Takes the first item that any of [queues] can give, and returns it with the index of its queue
 * in [queues]: the race of several `get()`s that never drops an item. asyncio:
 * `done, pending = await asyncio.wait([q1.get(), q2.get()], return_when=FIRST_COMPLETED)`, then
 * cancel `pending`, then take every result in `done`; Java: the same with
 * [dev.asyncio4j.Asyncio.wait] and [dev.asyncio4j.ReturnWhen.FIRST_COMPLETED] (a get future
 * cancelled after its hand-off gives its item back, so the Java race is safe as written).
 *
 * Why no `select` clauses (`Queue.onGet`, `onAcquire`, `Event.onWait`, `Task.onAwait`): kotlinx's
 * clause protocol is not open to other libraries. A clause is made with `SelectClause1Impl` and
 * talks to a `SelectInstance`, both `@InternalCoroutinesApi` (free to change in any kotlinx
 * release), and this bridge uses public kotlinx API only, as it runs on every kotlinx version from
 * the oldest supported to the newest. Nor two `async { q.get() }` raced by `select { onAwait }` or
 * by taking the first to finish: the losing `async` has often already taken its item, and
 * cancelling a completed `Deferred` does not give it back.
 *
 * How: a queue with an item answers at once, the first one in argument order, without
 * suspending. Otherwise one getter is queued on every queue, FIFO with their other getters; the
 * first put into any of them wins, and the other getters are withdrawn, or, if an item was already
 * handed to one of them, give it back (to the next getter of that queue, or back where it would
 * have been), as a get cancelled after its hand-off does.
 *
 * Cancellation: cancelled while it waits, it throws `CancellationException` and holds no item:
 * every getter is withdrawn or gives its item back, including the winner's if the cancellation
 * comes after the hand-off but before the coroutine runs again. Once `selectGet` has returned, the
 * item is the caller's code's: wrapped in `async` and cancelled before the `async` completes, it is
 * dropped with the `Deferred`'s value, as any value would be; consume it in the coroutine that got it.
 *
 * Shut-down queues: one that is shut down and empty can give no more items, and the race goes on
 * with the others; the items a shut-down queue still holds are taken as usual. So consumers of
 * several queues can loop on `selectGet` until every producer has shut its queue down.
 *
 * @return the item and the index of the queue it came from
 * @throws QueueShutDownException once every queue is shut down and empty
 * @throws IllegalArgumentException if [queues] is empty
 */
suspend fun <E> selectGet(vararg queues: Queue<out E>): IndexedValue<E> {
    require(queues.isNotEmpty()) { "selectGet() needs at least one queue" }
    var closed = 0 // shut down and empty: for good, as a shut-down queue takes no more puts
    for ((index, queue) in queues.withIndex()) {
        try {
            WaiterSpi.get(queue.gettable(), null)?.let { return IndexedValue(index, it) }
        } catch (shutDown: QueueShutDownException) {
            if (++closed == queues.size) throw shutDown
        }
    }
    val onLoop = waitsOnLoop()
    return suspendCancellableCoroutine { cont -> FirstGet(cont, queues, onLoop).register() }
}

/**
 * One race of [selectGet]: a getter per queue, of which the first to resume with an outcome wins
 * ([claim]); every other one is withdrawn, or gives back what it was handed.
 */
private class FirstGet<E>(
    private val cont: CancellableContinuation<IndexedValue<E>>,
    private val queues: Array<out Queue<out E>>,
    private val onLoop: Boolean,
) : (Throwable?) -> Unit {
    /** -1 while undecided; then the index of the winning getter, or [CANCELLED]. */
    private val winner = AtomicInteger(UNDECIDED)
    /** Atomic: a getter resumed on another thread withdraws the others while this one is still queuing them. */
    private val getters = AtomicReferenceArray<Getter<E>?>(queues.size)
    /** How many queues failed their getter (shut down and empty): all of them end the race. */
    private val closedQueues = AtomicInteger()

    fun register() {
        cont.invokeOnCancellation(this) // first, so that no getter is left queued past a cancellation
        for ((index, queue) in queues.withIndex()) {
            if (winner.get() != UNDECIDED) break // decided meanwhile (a put on another thread, a cancellation)
            val getter = Getter(this, index, onLoop)
            getters.set(index, getter)
            val item = try {
                WaiterSpi.get(queue.gettable(), getter)
            } catch (shutDown: QueueShutDownException) {
                getters.set(index, null) // not queued
                closed(index, shutDown)
                continue
            }
            if (item != null) { // an item arrived since the fast path
                if (claim(index)) cont.resume(IndexedValue(index, item)) { _, _, _ -> queue.gettable().putBack(item) }
                else queue.gettable().putBack(item) // another thread decided the race meanwhile
                break
            }
        }
        // Decided while queuing: withdraw what a winner on another thread could not see yet.
        if (winner.get() != UNDECIDED) withdrawAll()
    }

    /** True for the one getter (or cancellation, [CANCELLED]) that decides this race. */
    fun claim(index: Int): Boolean = winner.compareAndSet(UNDECIDED, index)

    /** The winner resumes the coroutine; a getter that lost gives back what it was handed. */
    fun resumed(getter: Getter<E>, item: E) {
        if (!claim(getter.index)) return getter.returnItem()
        val giveBackOnCancellation: (Throwable, IndexedValue<E>, CoroutineContext) -> Unit = { _, _, _ -> getter.returnItem() }
        cont.resume(IndexedValue(getter.index, item), giveBackOnCancellation)
        withdrawAll()
    }

    /** Only a shut-down queue fails a getter; the race goes on while another queue may still give an item. */
    fun failed(getter: Getter<E>, error: Throwable) = closed(getter.index, error)

    private fun closed(index: Int, error: Throwable) {
        if (closedQueues.incrementAndGet() < queues.size || !claim(index)) return
        cont.resumeWithException(error)
        withdrawAll()
    }

    /** The coroutine was cancelled: nobody wins any more, and no getter stays queued. */
    override fun invoke(cause: Throwable?) {
        claim(CANCELLED)
        withdrawAll()
    }

    /** Withdraws every getter but the winner; one already resumed gives back in its own [resumed]. */
    private fun withdrawAll() {
        val won = winner.get()
        for (index in 0 until getters.length()) if (index != won) getters.get(index)?.withdraw()
    }

    private companion object {
        const val UNDECIDED = -1
        const val CANCELLED = -2
    }
}

/** One queue's getter in a [FirstGet] race: the waiter core's Kotlin strategy for a race. */
private class Getter<E>(private val race: FirstGet<E>, val index: Int, onLoop: Boolean) : Waiter<E>(onLoop) {
    override fun resumed(value: E) = race.resumed(this, value)

    override fun failed(error: Throwable) = race.failed(this, error)

    /** Pending: leaves its queue; handed an item but not resumed: the item passes on. */
    fun withdraw() {
        cancelFromLoop()
    }

    /** Resumed with an item it will not deliver: the item goes to the next getter or back. */
    fun returnItem() = giveBack()
}

/** The queue as [WaiterSpi.get] and [putBack] take it: its items are `E`s, whatever the caller reads them as. */
@Suppress("UNCHECKED_CAST")
private fun <E> Queue<out E>.gettable(): Queue<E> = this as Queue<E>

/**
 * An item that [WaiterSpi.get] removed at once but the race cannot deliver (rare: another thread
 * decided the race, or cancelled it, while the getters were being queued). No waiter holds it, so
 * it cannot go back where it was: it is put again, at the tail (or, if a putter took the slot
 * meanwhile, after the waiting putters). Only a queue shut down meanwhile drops it.
 */
private fun <E> Queue<E>.putBack(item: E) {
    putAsync(item)
}
