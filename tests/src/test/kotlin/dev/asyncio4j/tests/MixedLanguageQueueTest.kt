package dev.asyncio4j.tests

import dev.asyncio4j.Queue
import dev.asyncio4j.QueueShutDownException
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import dev.asyncio4j.kotlin.get
import dev.asyncio4j.kotlin.join
import dev.asyncio4j.kotlin.put
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletionException
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * One bounded Queue shared by Java threads (futures, with cancellations), Kotlin coroutines on
 * Dispatchers.Default and Kotlin coroutines on an event loop's dispatcher (with cancellations), as
 * producers and consumers: every item whose put did not report cancellation is got exactly once,
 * no item of a cancelled put is ever got, and join completes once every item is marked done.
 */
class MixedLanguageQueueTest {

    @Test
    fun javaThreadsAndKotlinCoroutinesShareOneQueue() {
        val queue = Queue<Long>(4)
        val nextItem = AtomicLong()
        val delivered = ConcurrentHashMap.newKeySet<Long>()
        val cancelledPuts = ConcurrentHashMap.newKeySet<Long>()
        val got = ConcurrentHashMap.newKeySet<Long>()
        val duplicates = AtomicInteger()
        fun received(item: Long) {
            if (!got.add(item)) duplicates.incrementAndGet()
            queue.taskDone()
        }

        mixedContention {
            // Producers put until the deadline. Consumers get until the queue is shut down, which
            // happens once the producers are done and join() saw every delivered item marked done.
            val javaProducers = javaThreadsUntilDeadline(2) { random ->
                val item = nextItem.getAndIncrement()
                val f = queue.putAsync(item)
                if (random.cancelledSometimes(f)) {
                    cancelledPuts += item
                } else {
                    f.join()
                    delivered += item
                }
            }
            val javaConsumers = javaThreads(2) { random ->
                while (true) {
                    val f = queue.getAsync()
                    if (random.cancelledSometimes(f)) continue
                    val item = try {
                        f.join()
                    } catch (e: CompletionException) {
                        if (e.cause is QueueShutDownException) break
                        throw e
                    }
                    received(item)
                }
            }
            runBlocking {
                val producers = coroutines(this, 2) {
                    while (running()) {
                        val item = nextItem.getAndIncrement()
                        attemptCancelledSometimes {
                            try {
                                queue.put(item)
                            } catch (e: CancellationException) {
                                cancelledPuts += item
                                throw e
                            }
                            delivered += item
                        }
                    }
                }
                val consumers = coroutines(this, 2) {
                    var shutDown = false
                    while (!shutDown) {
                        attemptCancelledSometimes {
                            try {
                                received(queue.get())
                            } catch (e: QueueShutDownException) {
                                shutDown = true
                            }
                        }
                    }
                }
                withTimeout(timeoutMillis) { producers.forEach { it.join() } }
                joinAll(javaProducers, timeoutMillis, "a Java producer")
                withTimeout(60_000) { queue.join() } // every delivered item was got and marked done
                queue.shutdown()
                withTimeout(60_000) { consumers.forEach { it.join() } }
            }
            joinAll(javaConsumers, 60_000, "a Java consumer")
        }
        assertEquals(0, duplicates.get(), "an item was got twice")
        assertEquals(emptySet<Long>(), cancelledPuts.intersect(got), "an item of a cancelled put was got")
        assertEquals(delivered, got, "every delivered item is got exactly once, and nothing else")
        assertTrue(got.isNotEmpty())
        assertEquals(0, queue.qsize())
        assertFalse(queue.full(), "a reserved slot leaked: $queue")
    }

    @Test
    fun cancellationOfKotlinPuttersAndGettersNeverLosesOrDuplicatesAnItem() = runBlockingWithLoop { loop ->
        val queue = Queue<Int>(1)
        repeat(2_000) { i ->
            val dispatcher = if (i % 2 == 0) Dispatchers.Default else loop.asCoroutineDispatcher()
            // A put granted its slot by the get below races with its cancellation.
            queue.putNowait(-1)
            var putDone = false
            val putter = launch(dispatcher) { queue.put(i); putDone = true }
            if (i % 3 == 0) yield()
            assertEquals(-1, queue.getNowait())
            queue.taskDone()
            putter.cancel()
            putter.join()
            if (putDone) {
                assertEquals(i, queue.getNowait(), "iteration $i")
                queue.taskDone()
            }
            assertTrue(queue.empty() && !queue.full(), "iteration $i: $queue")
            // A get handed an item races with its cancellation: the item is got once, or stays.
            var got: Int? = null
            val getter = launch(dispatcher) { got = queue.get() }
            if (i % 3 == 1) yield()
            queue.putNowait(i)
            getter.cancel()
            getter.join()
            if (got == null) assertEquals(i, queue.getNowait(), "iteration $i") else assertEquals(i, got)
            queue.taskDone()
            assertTrue(queue.empty(), "iteration $i: $queue")
        }
        withTimeout(10_000) { queue.join() }
    }
}
