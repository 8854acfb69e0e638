package dev.asyncio4j.kotlin

import dev.asyncio4j.AsyncQueue
import dev.asyncio4j.Queue
import dev.asyncio4j.WaiterSpi
import dev.asyncio4j.QueueShutDownException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Puts [item] into the queue, waiting for a free slot if it is full. asyncio: `await queue.put(item)`;
 * Java: [AsyncQueue.putAsync].
 *
 * On a [Queue]: with room, or a getter waiting, it returns without suspending. Otherwise it
 * suspends, FIFO with other putters (Java futures included). A woken putter holds a reserved
 * slot, and its item enters the queue only when this function returns normally (it accepts the
 * grant): a put cancelled after its grant throws `CancellationException`, never delivers its item,
 * and passes the slot to the next putter. On another [AsyncQueue], it awaits
 * [AsyncQueue.putAsync] (cancelling it cancels that future).
 *
 * @throws QueueShutDownException if the queue is shut down, or shuts down while the put waits
 * @throws NullPointerException if [item] is null
 */
suspend fun <E> AsyncQueue<E>.put(item: E) {
    if (this !is Queue<E>) return putAsync(item).awaitGrant(null) { }
    // Its tail call, with no suspension point before it: put itself has no state machine, which
    // would be allocated on every call, this path included.
    if (!WaiterSpi.put(this, item, null)) putWaiting(item)
}

/** [put] on a full queue: the waiting path, with the state machine that accepting after the wait needs. */
private suspend fun <E> Queue<E>.putWaiting(item: E) {
    val waiter = newWaiter<Void?>()
    if (WaiterSpi.put(this, item, waiter)) return
    waiter.awaitUnit()
    waiter.acceptGrant() // the item enters now, as the caller's code continues
}

/**
 * Removes and returns an item, waiting for one if the queue is empty. asyncio: `await queue.get()`;
 * Java: [AsyncQueue.getAsync].
 *
 * On a [Queue]: not empty, returns at once without suspending. Empty: suspends, FIFO with other
 * getters; a put hands its item straight to the first one. Cancelled after an item was handed to
 * it, the item goes to the next getter or back where it would have been: no item is lost or
 * delivered twice. On another [AsyncQueue], it awaits [AsyncQueue.getAsync]; an item that reaches
 * a coroutine already cancelled is put back with [AsyncQueue.putNowait] (at the tail).
 *
 * @throws QueueShutDownException if the queue is shut down and empty, or shuts down while the get waits
 */
suspend fun <E> AsyncQueue<E>.get(): E {
    if (this !is Queue<E>) return getAsync().awaitGrant({ putNowait(it) }) { it }
    WaiterSpi.get(this, null)?.let { return it }
    val waiter = newWaiter<E>()
    return WaiterSpi.get(this, waiter) ?: waiter.await()
}

/**
 * Waits until every item put has been marked done with [Queue.taskDone]. asyncio:
 * `await queue.join()`; Java: [Queue.joinAsync]. Never fails with `QueueShutDownException`;
 * cancelling it only withdraws it.
 */
suspend fun Queue<*>.join() {
    if (WaiterSpi.join(this, null)) return
    val waiter = newWaiter<Void?>()
    if (!WaiterSpi.join(this, waiter)) waiter.awaitUnit()
}

/**
 * The queue's items as a cold [Flow]: for each item, [get], emit, then [Queue.taskDone], which runs
 * even when the emit throws. The flow completes normally once the queue is shut down and empty
 * (`get()` failing with [QueueShutDownException]). Cancelling the collector cancels the pending get.
 * asyncio: `while True: item = await q.get(); ...; q.task_done()`; Java: no single method, a loop
 * of [Queue.getAsync] and [Queue.taskDone].
 */
fun <E> Queue<E>.consumeAsFlow(): Flow<E> = flow {
    while (true) {
        val item = try {
            get()
        } catch (shutDown: QueueShutDownException) {
            return@flow
        }
        try {
            emit(item)
        } finally {
            taskDone()
        }
    }
}
