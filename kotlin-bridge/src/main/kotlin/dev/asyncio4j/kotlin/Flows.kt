package dev.asyncio4j.kotlin

import dev.asyncio4j.AsyncQueue
import dev.asyncio4j.QueueShutDownException
import kotlinx.coroutines.flow.Flow

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
