package dev.asyncio4j.kotlin

import dev.asyncio4j.Queue
import dev.asyncio4j.QueueShutDownException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Flow.into(queue): a flow into a queue with backpressure; on the loop dispatcher and under runTest. */
class FlowsTest {

    @Test
    fun intoPutsEveryItemAndSuspendsTheFlowWhileTheQueueIsFull() = runAsyncio(virtualClock = true) {
        val queue = Queue<Int>(2)
        val emitted = mutableListOf<Int>()
        val producer = launch { flow { for (i in 1..5) { emitted += i; emit(i) } }.into(queue) }
        repeat(3) { yield() }
        assertEquals(listOf(1, 2, 3), emitted, "the third put waits for room, so the flow emits no fourth")
        assertEquals(2, queue.qsize())
        assertTrue(producer.isActive)
        val got = List(5) { queue.get() }
        producer.join()
        assertEquals(listOf(1, 2, 3, 4, 5), got)
    }

    @Test
    fun intoAndConsumeAsFlowPipeUnderRunTest() = runTest {
        val queue = Queue<Int>(1)
        val consumer = launch {
            val got = queue.consumeAsFlow().toList()
            assertEquals(listOf(1, 2, 3), got)
            assertEquals(3_000, testScheduler.currentTime)
        }
        flow { for (i in 1..3) { delay(1_000); emit(i) } }.into(queue)
        queue.shutdown()
        consumer.join()
    }

    @Test
    fun intoFailsWhenTheQueueIsShutDown() = runAsyncio(virtualClock = true) {
        val queue = Queue<Int>()
        queue.shutdown()
        assertTrue(runCatching { (1..3).asFlow().into(queue) }.exceptionOrNull() is QueueShutDownException)
    }
}
