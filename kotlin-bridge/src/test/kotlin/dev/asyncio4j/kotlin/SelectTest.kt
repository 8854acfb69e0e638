package dev.asyncio4j.kotlin

import dev.asyncio4j.Queue
import dev.asyncio4j.QueueShutDownException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/** selectGet: the first of several gets, never dropping an item; on the loop dispatcher, under runTest and on Dispatchers.Default. */
class SelectTest {

    @Test
    fun selectGetTakesAnItemThereWithoutSuspendingFirstQueueFirst() = runAsyncio(virtualClock = true) {
        val (a, b, c) = List(3) { Queue<String>() }
        b.putNowait("b")
        c.putNowait("c")
        val log = mutableListOf<String>()
        launch { log += "other coroutine" }
        log += "got ${selectGet(a, b, c)}"
        yield()
        assertEquals(listOf("got IndexedValue(index=1, value=b)", "other coroutine"), log)
        assertEquals(1, c.qsize())
    }

    @Test
    fun selectGetTakesTheFirstPutAndWithdrawsItsOtherGetters() = runAsyncio(virtualClock = true) {
        val a = Queue<String>()
        val b = Queue<String>()
        val selecting = async { selectGet(a, b) }
        yield()
        b.putNowait("x")
        assertEquals(IndexedValue(1, "x"), selecting.await())
        a.putNowait("y")
        assertEquals(1, a.qsize(), "no getter of the finished race is left on the other queue")
        assertEquals("y", a.get())
    }

    @Test
    fun selectGetCancelledAfterTheHandOffGivesTheItemBack() = cancelAfterHandOff(resumedFirst = false)

    @Test
    fun selectGetCancelledAfterItResumedButBeforeItRanGivesTheItemBack() = cancelAfterHandOff(resumedFirst = true)

    /**
     * A put hands an item to a waiting selectGet, which is cancelled before it runs again: while its
     * getter's resumption is still queued on the loop, or ([resumedFirst]) once the getter resumed
     * the coroutine (kotlinx's prompt cancellation). Either way the item is back in its queue.
     */
    private fun cancelAfterHandOff(resumedFirst: Boolean) = runAsyncio(virtualClock = true) {
        val (a, b) = List(2) { Queue<Int>() }
        val selecting = launch { selectGet(a, b) }
        yield()
        b.putNowait(1)
        if (resumedFirst) yield() // the getter resumes the coroutine, which is dispatched behind this one
        selecting.cancel()
        selecting.join()
        assertEquals(listOf(1), List(b.qsize()) { b.getNowait() })
        assertEquals(0, a.qsize())
    }

    @Test
    fun aGivenBackItemGoesToTheNextGetter() = runAsyncio(virtualClock = true) {
        val (a, b) = List(2) { Queue<Int>() }
        val selecting = launch { selectGet(a, b) }
        yield()
        val next = async { a.get() } // queued behind the race's getter
        yield()
        a.putNowait(7)
        selecting.cancel()
        assertEquals(7, next.await())
    }

    @Test
    fun selectGetFailsOnlyOnceEveryQueueIsShutDownAndEmpty() = runAsyncio(virtualClock = true) {
        val a = Queue<Int>()
        val b = Queue<Int>()
        b.putNowait(1)
        b.shutdown()
        assertEquals(IndexedValue(1, 1), selectGet(a, b), "a shut-down queue still gives what it holds")
        val selecting = async { runCatching { selectGet(a, b) } }
        yield()
        a.putNowait(2)
        assertEquals(IndexedValue(0, 2), selecting.await().getOrThrow(), "b shut down and empty: the race goes on with a")
        val failing = async { runCatching { selectGet(a, b) } }
        yield()
        a.shutdown()
        assertTrue(failing.await().exceptionOrNull() is QueueShutDownException)
        assertTrue(runCatching { selectGet(a, b) }.exceptionOrNull() is QueueShutDownException)
    }

    @Test
    fun selectGetUnderRunTestWithVirtualTime() = runTest {
        val a = Queue<String>()
        val b = Queue<String>()
        launch {
            delay(2_000)
            a.put("late")
        }
        launch {
            delay(1_000)
            b.put("early")
        }
        assertEquals(IndexedValue(1, "early"), selectGet(a, b))
        assertEquals(1_000, testScheduler.currentTime)
        assertEquals(IndexedValue(0, "late"), selectGet(a, b))
    }

    @Test
    fun tenThousandItemsRacedOverTwoQueuesOnTheLoopNoneLostOrDuplicated() = runAsyncio {
        raceTwoQueues(cancelEvery = 7)
    }

    @Test
    fun tenThousandItemsRacedOverTwoQueuesOnDispatchersDefaultNoneLostOrDuplicated() = runBlocking {
        withContext(Dispatchers.Default) { raceTwoQueues(cancelEvery = 7) }
    }

    /**
     * Producers put 10,000 items into two small queues; consumers take them with [selectGet], and
     * every [cancelEvery]th select is cancelled as it may have been handed an item.
     */
    private suspend fun raceTwoQueues(cancelEvery: Int) = kotlinx.coroutines.coroutineScope {
        val items = 10_000
        val a = Queue<Int>(4)
        val b = Queue<Int>(4)
        val seen = ConcurrentHashMap.newKeySet<Int>()
        val duplicates = AtomicInteger()
        /** One selectGet, its item recorded by the coroutine that got it; false once both queues are shut down. */
        suspend fun takeOne(): Boolean = try {
            if (!seen.add(selectGet(a, b).value)) duplicates.incrementAndGet()
            true
        } catch (shutDown: QueueShutDownException) {
            false
        }
        val consumers = (1..3).map {
            launch {
                var round = 0
                var open = true
                while (open) {
                    if (++round % cancelEvery != 0) {
                        open = takeOne()
                        continue
                    }
                    // Not async { selectGet() } and its return value: a Deferred cancelled after its
                    // body returned drops that value, the very loss that selectGet exists to avoid.
                    val attempt = launch { open = takeOne() }
                    yield()
                    attempt.cancel()
                    attempt.join()
                }
            }
        }
        val producers = listOf(a, b).mapIndexed { p, queue ->
            launch { for (i in p until items step 2) queue.put(i) }
        }
        producers.forEach { it.join() }
        a.shutdown() // the consumers still drain what is queued, then fail with QueueShutDownException
        b.shutdown()
        consumers.forEach { it.join() }
        assertEquals(0, duplicates.get())
        assertEquals(items, seen.size)
    }
}
