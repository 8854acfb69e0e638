package dev.asyncio4j.kotlin

import dev.asyncio4j.AsyncQueue
import dev.asyncio4j.Event
import dev.asyncio4j.QueueShutDownException
import dev.asyncio4j.WaiterSpi
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Collects this flow into [queue], one [put] per item: the flow is suspended while the queue is
 * full (backpressure), so a bounded queue bounds what is buffered between the flow and the
 * queue's consumers. The reverse of [consumeAsFlow]. asyncio: `async for item in source: await
 * queue.put(item)`; Java: a loop of [AsyncQueue.putAsync].
 *
 * It returns when the flow completes and leaves the queue open: call
 * [dev.asyncio4j.Queue.shutdown] afterwards if no more items will come (the consumers'
 * `consumeAsFlow()` then completes once the queue is empty). Cancelling the collector cancels the
 * pending put, whose item then never enters the queue.
 *
 * @throws QueueShutDownException if the queue is shut down before the flow completes (the flow is
 *   cancelled with it, as a failing collector does)
 */
suspend fun <E> Flow<E>.into(queue: AsyncQueue<E>) = collect { queue.put(it) }

/**
 * The event's flag as a cold flow of its states: [Event.isSet] when collection starts, then each
 * change, set (`true`) or cleared (`false`); it never completes. asyncio: none (asyncio's Event
 * cannot be waited on for a clear; the nearest is polling `event.is_set()`); Java: none, the Java
 * API waits for a set only. Named for what it emits, as `StateFlow`'s values are states.
 *
 * Conflated by construction: after each emission the collector waits for the flag to leave the
 * state just emitted, then emits the flag as it is *then*. So a slow collector sees the latest
 * state, never a stale one after a newer, and never the same state twice in a row; a set and a
 * clear (or a clear and a set) that both happen while it is busy or before it resumes are skipped.
 * Use it for "what is the state now", not to count changes.
 *
 * Each wait is a waiter on the event, FIFO with the Java futures (a wait for the clear is the
 * bridge's own waiter kind, through [WaiterSpi.waitForClear]), and it counts in
 * [Event.waiterCount]. Cancelling the collector withdraws it: nothing stays queued on the event.
 * Works on any dispatcher; the event may be set and cleared from any thread.
 */
fun Event.states(): Flow<Boolean> = flow {
    var last = isSet
    emit(last)
    while (true) {
        if (last) acquireOrSuspend({ !isSet }, { WaiterSpi.waitForClear(this@states, it) }) else wait()
        val now = isSet
        if (now != last) {
            last = now
            emit(now)
        }
    }
}
