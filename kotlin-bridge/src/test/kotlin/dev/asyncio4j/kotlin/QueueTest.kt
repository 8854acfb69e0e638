package dev.asyncio4j.kotlin

import dev.asyncio4j.LifoQueue
import dev.asyncio4j.PriorityQueue
import dev.asyncio4j.Queue
import dev.asyncio4j.QueueFullException
import dev.asyncio4j.QueueShutDownException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/** docs/semantics.md §8 and §14 for Queue, PriorityQueue and LifoQueue, on the loop dispatcher and under runTest. */
class QueueTest {

    @Test
    fun putWithRoomAllocatesNoStateMachine() {
        // put's state machine would be allocated on every call, the fast path included: only the
        // waiting path (putWaiting) may have one.
        assertThrows(ClassNotFoundException::class.java) { Class.forName("dev.asyncio4j.kotlin.QueuesKt\$put\$1") }
    }

    @Test
    fun putWithRoomAndGetOnANonEmptyQueueDoNotSuspend() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(2)
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        queue.put("a")
        queue.put("b")
        log += "got ${queue.get()}"
        assertEquals(1, queue.qsize())
        yield()
        assertEquals(listOf("got a", "other coroutine"), log)
    }

    @Test
    fun joinWithNothingUnfinishedDoesNotSuspend() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>()
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        queue.join()
        log += "joined"
        yield()
        assertEquals(listOf("joined", "other coroutine"), log)
    }

    @Test
    fun gettersAreServedFifoAndAPutHandsTheItemStraightOver() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>()
        val log = mutableListOf<String>()
        val jobs = (1..3).map { i -> launch { log += "g$i got ${queue.get()}" } }
        yield()
        queue.put("a")
        queue.putNowait("b")
        queue.put("c")
        assertEquals(0, queue.qsize(), "handed-over items are not counted")
        assertThrows<dev.asyncio4j.QueueEmptyException> { queue.getNowait() }
        jobs.forEach { it.join() }
        assertEquals(listOf("g1 got a", "g2 got b", "g3 got c"), log)
    }

    @Test
    fun puttersWaitWhileFullAndAreServedFifo() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        queue.put("a")
        val putters = listOf("b", "c").map { item -> launch { queue.put(item) } }
        yield()
        assertTrue(queue.full())
        val got = mutableListOf<String>()
        repeat(3) { got += queue.get() }
        putters.forEach { it.join() }
        assertEquals(listOf("a", "b", "c"), got)
    }

    @Test
    fun grantedPutterHoldsAReservedSlot() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        queue.put("a")
        val putter = launch { queue.put("b") }
        yield()
        assertEquals("a", queue.getNowait()) // frees the slot: reserved for the putter
        assertTrue(queue.full(), "the reserved slot counts toward full()")
        assertEquals(0, queue.qsize(), "the item enters only when the put returns")
        assertThrows<QueueFullException> { queue.putNowait("newcomer") }
        putter.join()
        assertEquals(1, queue.qsize())
        assertEquals("b", queue.getNowait())
    }

    @Test
    fun javaFuturesAndCoroutinesShareOneFifoQueue() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        val log = mutableListOf<String>()
        // getters
        launch { log += "kotlin got ${queue.get()}" }
        yield()
        queue.getAsync().thenAccept { log += "java got $it" }
        launch { log += "kotlin got ${queue.get()}" }
        yield()
        listOf("a", "b", "c").forEach { queue.putNowait(it) }
        repeat(3) { yield() }
        assertEquals(listOf("kotlin got a", "java got b", "kotlin got c"), log)
        // putters
        queue.putNowait("x")
        launch { queue.put("k1") }
        yield()
        queue.putAsync("j")
        launch { queue.put("k2") }
        yield()
        val got = mutableListOf<String>()
        repeat(4) { got += queue.get() }
        assertEquals(listOf("x", "k1", "j", "k2"), got)
    }

    @Test
    fun cancelledPendingPutAndGetLeaveTheirQueues() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        val getter = launch { queue.get() }
        yield()
        getter.cancel()
        getter.join()
        queue.put("a") // not absorbed by the withdrawn getter
        assertEquals(1, queue.qsize())
        val putter = launch { queue.put("b") }
        yield()
        putter.cancel()
        putter.join()
        assertEquals("a", queue.get())
        assertFalse(queue.full(), "the withdrawn putter holds no slot")
        assertTrue(queue.empty())
        queue.taskDone()
        queue.join()
    }

    @Test
    fun putCancelledAfterItsGrantNeverDeliversItsItem() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        val log = mutableListOf<String>()
        queue.put("a")
        val first = launch {
            try {
                queue.put("b")
                log += "b put"
            } catch (e: CancellationException) {
                log += "b cancelled"
                throw e
            }
        }
        val second = launch { queue.put("c"); log += "c put" }
        yield()
        assertEquals("a", queue.get()) // the slot goes to the first putter
        first.cancel() // before it runs: the slot passes to the second, "b" is never delivered
        first.join()
        second.join()
        assertEquals(listOf("b cancelled", "c put"), log)
        assertEquals(listOf("c"), listOf(queue.get()))
        assertTrue(queue.empty())
        queue.taskDone()
        queue.taskDone()
        assertNotNull(withTimeoutOrNull(1_000) { queue.join() }, "\"b\" must not be counted unfinished")
    }

    @Test
    fun putCancelledAfterItsGrantWithNoOtherPutterFreesTheSlot() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>(1)
        queue.put("a")
        val putter = launch { queue.put("b") }
        yield()
        queue.get()
        putter.cancel()
        putter.join()
        assertFalse(queue.full())
        queue.putNowait("c")
        assertEquals("c", queue.getNowait())
    }

    @Test
    fun getCancelledAfterItsGrantPassesTheItemToTheNextGetter() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>()
        val log = mutableListOf<String>()
        val first = launch {
            try {
                log += "first got ${queue.get()}"
            } catch (e: CancellationException) {
                log += "first cancelled"
                throw e
            }
        }
        val second = launch { log += "second got ${queue.get()}" }
        yield()
        queue.put("a")
        first.cancel()
        first.join()
        second.join()
        assertEquals(listOf("first cancelled", "second got a"), log)
        assertTrue(queue.empty())
    }

    @Test
    fun getCancelledAfterItsGrantPutsTheItemBackWhereItWouldBe() = runAsyncio(virtualClock = true) {
        suspend fun check(queue: Queue<Int>, expected: List<Int>) = coroutineScope {
            val getter = launch { queue.get() }
            yield()
            queue.put(2) // handed to the getter
            queue.put(1)
            queue.put(3)
            getter.cancel()
            getter.join()
            assertEquals(expected, List(3) { queue.getNowait() }, queue.javaClass.simpleName)
        }
        check(Queue(), listOf(2, 1, 3))
        check(LifoQueue(), listOf(3, 1, 2))
        check(PriorityQueue(), listOf(1, 2, 3))
    }

    @Test
    fun joinWaitsForEveryTaskDoneAndCancellingItOnlyWithdrawsIt() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>()
        val log = mutableListOf<String>()
        queue.put("a")
        queue.put("b")
        val cancelled = launch { queue.join() }
        val joiner = launch { queue.join(); log += "joined" }
        yield()
        cancelled.cancel()
        cancelled.join()
        queue.get()
        queue.taskDone()
        repeat(2) { yield() }
        assertEquals(emptyList<String>(), log)
        queue.get()
        queue.taskDone()
        joiner.join()
        assertEquals(listOf("joined"), log)
        assertThrows<IllegalStateException> { queue.taskDone() }
        Unit
    }

    @Test
    fun shutdownFailsPendingGettersAndPuttersAndLaterPuts() = runAsyncio(virtualClock = true) {
        val empty = Queue<String>()
        val full = Queue<String>(1)
        full.put("a")
        var getFailure: Throwable? = null
        var putFailure: Throwable? = null
        val getter = launch { getFailure = runCatching { empty.get() }.exceptionOrNull() }
        val putter = launch { putFailure = runCatching { full.put("b") }.exceptionOrNull() }
        yield()
        empty.shutdown()
        full.shutdown()
        getter.join()
        putter.join()
        assertTrue(getFailure is QueueShutDownException)
        assertTrue(putFailure is QueueShutDownException)
        assertThrows<QueueShutDownException> { empty.put("c") }
        assertEquals("a", full.get(), "a plain shutdown still drains")
        assertThrows<QueueShutDownException> { full.get() }
        full.taskDone()
        full.join()
    }

    @Test
    fun grantedGetterStillGetsItsItemOnImmediateShutdown() = runAsyncio(virtualClock = true) {
        val queue = Queue<String>()
        var got: String? = null
        val getter = launch { got = queue.get() }
        yield()
        queue.put("a")
        queue.put("b")
        queue.shutdown(true) // discards "b" only
        getter.join()
        assertEquals("a", got)
        assertTrue(queue.empty())
        queue.taskDone()
        queue.join()
    }

    @Test
    fun consumeAsFlowTakesEachItemMarksItDoneAndCompletesOnShutdown() = runAsyncio(virtualClock = true) {
        val queue = Queue<Int>()
        val collected = mutableListOf<Int>()
        val consumer = launch { queue.consumeAsFlow().collect { collected += it } }
        for (i in 1..5) queue.put(i)
        queue.join() // every item marked done by the flow
        assertEquals(listOf(1, 2, 3, 4, 5), collected)
        queue.shutdown()
        consumer.join()
        assertFalse(consumer.isCancelled, "the flow completes normally on shutdown")
    }

    @Test
    fun consumeAsFlowMarksTheItemDoneEvenWhenEmitThrows() = runAsyncio(virtualClock = true) {
        val queue = Queue<Int>()
        queue.put(1)
        queue.put(2)
        assertEquals(listOf(1), queue.consumeAsFlow().take(1).toList()) // take's abort throws from emit
        val failure = runCatching { queue.consumeAsFlow().collect { throw IllegalArgumentException("bad $it") } }
        assertEquals("bad 2", failure.exceptionOrNull()?.message)
        assertNotNull(withTimeoutOrNull(1_000) { queue.join() }, "both items must be marked done")
    }

    @Test
    fun cancellingTheCollectorCancelsThePendingGet() = runAsyncio(virtualClock = true) {
        val queue = Queue<Int>()
        val collected = mutableListOf<Int>()
        val consumer = launch { queue.consumeAsFlow().collect { collected += it } }
        yield()
        consumer.cancel()
        consumer.join()
        queue.put(1) // no getter left to absorb it
        assertEquals(1, queue.qsize())
        assertEquals(emptyList<Int>(), collected)
    }

    @Test
    fun producersAndConsumersUnderRunTestWithVirtualTime() = runTest {
        val queue = Queue<Int>(2)
        val got = mutableListOf<Pair<Int, Long>>()
        val consumer = launch {
            queue.consumeAsFlow().collect {
                delay(1_000)
                got += it to testScheduler.currentTime
            }
        }
        for (i in 1..4) queue.put(i)
        queue.join()
        queue.shutdown()
        consumer.join()
        assertEquals(listOf(1 to 1_000L, 2 to 2_000L, 3 to 3_000L, 4 to 4_000L), got)
    }

    @Test
    fun everyItemIsGotExactlyOnceOnDispatchersDefaultWithCancellations() = runBlocking {
        val queue = Queue<Int>(4)
        val seen = ConcurrentHashMap.newKeySet<Int>()
        val duplicates = AtomicInteger()
        val delivered = ConcurrentHashMap.newKeySet<Int>()
        withContext(Dispatchers.Default) {
            val consumers = (1..4).map {
                launch {
                    queue.consumeAsFlow().collect { if (!seen.add(it)) duplicates.incrementAndGet() }
                }
            }
            val producers = mutableListOf<Job>()
            repeat(8) { p ->
                producers += launch {
                    for (i in 0 until 500) {
                        val item = p * 1_000 + i
                        val attempt = launch { queue.put(item); delivered += item }
                        if (i % 5 == 0) {
                            yield()
                            attempt.cancel()
                        }
                        attempt.join()
                    }
                }
            }
            producers.forEach { it.join() }
            queue.join()
            queue.shutdown()
            consumers.forEach { it.join() }
        }
        assertEquals(0, duplicates.get())
        assertEquals(delivered, seen, "every delivered item is got, and nothing else")
    }
}
