package dev.asyncio4j.kotlin

import dev.asyncio4j.Event
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/** Event.states(): an Event as a Flow of its states (issue 17, item 3); on the loop, across threads, under runTest. */
class EventStatesTest {

    @Test
    fun statesEmitsTheCurrentStateThenEveryChange() = runAsyncio(virtualClock = true) {
        val event = Event()
        event.set()
        val seen = mutableListOf<Boolean>()
        val collector = launch { event.states().take(4).collect { seen += it } }
        yield()
        assertEquals(listOf(true), seen)
        event.clear()
        yield()
        event.set()
        yield()
        event.clear()
        collector.join()
        assertEquals(listOf(true, false, true, false), seen)
        assertEquals(0, event.waiterCount())
    }

    @Test
    fun aSetAndClearBurstBetweenTwoEmissionsIsSkippedNeverRepeated() = runAsyncio(virtualClock = true) {
        val event = Event()
        val seen = mutableListOf<Boolean>()
        val collector = launch { event.states().collect { seen += it } }
        yield()
        event.set()
        event.clear() // both before the collector resumes: it finds the flag as it last saw it
        repeat(3) { yield() }
        assertEquals(listOf(false), seen)
        assertEquals(1, event.waiterCount(), "the collector waits for the next set")
        event.set()
        repeat(3) { yield() }
        assertEquals(listOf(false, true), seen)
        collector.cancel()
    }

    @Test
    fun slowCollectorSeesTheLatestStateNeverAStaleOne() = runAsyncio(virtualClock = true) {
        val event = Event()
        val seen = mutableListOf<Boolean>()
        val collector = launch {
            event.states().collect {
                seen += it
                delay(1_000) // slow: the flag changes several times meanwhile
            }
        }
        yield()
        delay(100); event.set()
        delay(100); event.clear()
        delay(100); event.set() // latest while the collector is busy with `false`
        delay(1_000)
        delay(100); event.clear()
        delay(100); event.set()
        delay(100); event.clear() // latest while the collector is busy with `true`
        delay(1_000)
        assertEquals(listOf(false, true, false), seen)
        collector.cancel()
    }

    @Test
    fun cancelledCollectorsLeaveNoWaiterOnTheEvent() = runAsyncio(virtualClock = true) {
        val event = Event()
        repeat(10_000) { i ->
            if (i % 1_000 == 0) { if (event.isSet) event.clear() else event.set() } // waits for SET and for CLEAR
            val collector = launch(start = CoroutineStart.UNDISPATCHED) { event.states().collect { } }
            assertEquals(1, event.waiterCount(), "the collector waits for the other state")
            collector.cancel()
            collector.join()
        }
        assertEquals(0, event.waiterCount())
        assertEquals("Event[unset]", event.toString())
    }

    @Test
    fun setAndClearFromAnotherThreadReachACollectorOnTheLoop() = runAsyncio {
        val event = Event()
        val seen = LinkedBlockingQueue<Boolean>()
        val collector = launch { event.states().take(201).collect { seen.put(it) } }
        withTimeout(30_000) {
            withContext(Dispatchers.Default) {
                // One change at a time, each seen before the next: none may be conflated away.
                assertEquals(false, seen.poll(10, TimeUnit.SECONDS))
                repeat(100) {
                    event.set()
                    assertEquals(true, seen.poll(10, TimeUnit.SECONDS))
                    event.clear()
                    assertEquals(false, seen.poll(10, TimeUnit.SECONDS))
                }
            }
            collector.join()
        }
        assertEquals(0, event.waiterCount())
    }

    @Test
    fun statesWorkUnderRunTest() = runTest {
        val event = Event()
        val seen = mutableListOf<Pair<Long, Boolean>>()
        val collector = launch { event.states().take(3).collect { seen += testScheduler.currentTime to it } }
        launch { delay(1_000); event.set(); delay(1_000); event.clear() }
        collector.join()
        assertEquals(listOf(0L to false, 1_000L to true, 2_000L to false), seen)
        runCurrent()
        assertEquals(0, event.waiterCount())
    }

    @Test
    fun collectingTwiceStartsFromTheCurrentStateEachTime() = runAsyncio(virtualClock = true) {
        val event = Event()
        assertEquals(listOf(false), event.states().take(1).toList())
        event.set()
        assertEquals(listOf(true), event.states().take(1).toList())
        assertTrue(event.isSet)
    }
}
