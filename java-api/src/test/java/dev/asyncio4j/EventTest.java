package dev.asyncio4j;

import static dev.asyncio4j.Testing.assertCompletedByFreeingThread;
import static dev.asyncio4j.Testing.assertResumesOnThisLoop;
import static dev.asyncio4j.Testing.failure;
import static dev.asyncio4j.Testing.runVirtual;
import static dev.asyncio4j.Testing.runSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §4 (Event) and the §2 rules as they apply to it. */
class EventTest {

    private final List<String> log = new ArrayList<>();
    private Event event;
    private CompletableFuture<Void> a, b, c;

    private CompletableFuture<Void> waitLogged(String name) {
        CompletableFuture<Void> f = event.waitAsync();
        f.thenRun(() -> log.add(name));
        return f;
    }

    @Test
    void newEventIsClear() {
        Event e = new Event();
        assertFalse(e.isSet());
        e.set();
        assertTrue(e.isSet());
        e.clear();
        assertFalse(e.isSet());
    }

    @Test
    void waitOnSetEventCompletesAtOnce() {
        runVirtual(() -> {
            Event e = new Event();
            e.set();
            CompletableFuture<Void> f = e.waitAsync();
            assertTrue(f.isDone());
            return f;
        });
    }

    @Test
    void setGrantsEveryWaiterAndTheyResumeInFifoOrderLater() {
        runSteps(() -> {
            event = new Event();
            a = waitLogged("a");
            b = waitLogged("b");
            c = waitLogged("c");
            event.set();
            assertTrue(event.isSet());
            assertEquals(List.of(), log, "never resumed inside set()");
        }, () -> assertEquals(List.of("a", "b", "c"), log));
    }

    @Test
    void setWhenAlreadySetDoesNothing() {
        runSteps(() -> {
            event = new Event();
            event.set();
            event.set();
            assertTrue(event.isSet());
            assertTrue(event.waitAsync().isDone());
        });
    }

    @Test
    void clearDoesNotAffectGrantedWaiters() {
        runSteps(() -> {
            event = new Event();
            a = waitLogged("a");
            event.set();
            event.clear();
            b = waitLogged("b");
            assertFalse(b.isDone(), "cleared again: a new wait queues");
        }, () -> {
            assertTrue(a.isDone() && !a.isCompletedExceptionally());
            assertEquals(List.of("a"), log);
            assertFalse(b.isDone());
        });
    }

    @Test
    void cancelledPendingWaiterLeavesAndOthersAreUnaffected() {
        runSteps(() -> {
            event = new Event();
            a = waitLogged("a");
            b = waitLogged("b");
            assertTrue(a.cancel(false));
            assertTrue(a.isCancelled());
            event.set();
        }, () -> assertEquals(List.of("b"), log));
    }

    @Test
    void cancelledGrantedWaiterFailsAndNothingPassesOn() {
        runSteps(() -> {
            event = new Event();
            a = waitLogged("a");
            b = waitLogged("b");
            event.set();
            assertTrue(a.cancel(false));
            assertInstanceOf(CancellationException.class, failure(a));
            assertTrue(event.isSet(), "the flag is untouched");
        }, () -> {
            assertEquals(List.of("b"), log);
            assertTrue(event.isSet());
        });
    }

    @Test
    void cancelAfterResumeIsTooLate() {
        runSteps(() -> {
            event = new Event();
            a = event.waitAsync();
            event.set();
        }, () -> {
            assertFalse(a.cancel(false));
            assertFalse(a.isCancelled());
        });
    }

    @Test
    void threadWaiterIsCompletedByTheSettingThread() {
        Event e = new Event();
        assertCompletedByFreeingThread(e.waitAsync(), e::set);
    }

    @Test
    void loopWaiterSetFromAnotherThreadResumesOnItsLoop() {
        runVirtual(() -> {
            Event e = new Event();
            return assertResumesOnThisLoop(e.waitAsync(), e::set);
        });
    }

    @Test
    void toStringShowsFlagAndWaiters() {
        runSteps(() -> {
            event = new Event();
            assertEquals("Event[unset]", event.toString());
            a = event.waitAsync();
            assertEquals("Event[unset, waiters:1]", event.toString());
            event.set();
            assertEquals("Event[set]", event.toString());
        });
    }

    // --- the "wait until cleared" waiter kind (the Kotlin bridge's Event.states(), through WaiterSpi) ---

    /** A waiter for the flag to become clear, made off-loop: the clearing thread resumes it. */
    private static WaiterFuture<Void> waitForClear(Event e) {
        WaiterFuture<Void> f = new WaiterFuture<>();
        if (WaiterSpi.waitForClear(e, f.waiter)) f.completeInternal(null);
        return f;
    }

    @Test
    void waitForClearOnAClearEventReturnsAtOnce() {
        Event e = new Event();
        assertTrue(waitForClear(e).isDone());
        assertEquals(0, e.waiterCount());
    }

    @Test
    void clearGrantsEveryWaiterForTheClearedStateInFifoOrder() {
        Event e = new Event();
        e.set();
        List<String> order = new ArrayList<>();
        WaiterFuture<Void> first = waitForClear(e), second = waitForClear(e);
        first.thenRun(() -> order.add("first"));
        second.thenRun(() -> order.add("second"));
        assertEquals(2, e.waiterCount());
        assertEquals("Event[set, waiters:2]", e.toString());
        e.set(); // already set: nothing changes for them
        assertFalse(first.isDone());
        e.clear();
        assertEquals(List.of("first", "second"), order);
        assertEquals(0, e.waiterCount());
    }

    @Test
    void clearWhenAlreadyClearGrantsNothingAndSetDoesNotGrantClearWaiters() {
        Event e = new Event();
        e.clear();
        e.set();
        WaiterFuture<Void> f = waitForClear(e);
        e.set();
        assertFalse(f.isDone());
        e.clear();
        assertTrue(f.isDone());
    }

    @Test
    void cancelledClearWaiterLeavesTheQueue() {
        Event e = new Event();
        e.set();
        WaiterFuture<Void> f = waitForClear(e);
        assertTrue(f.cancel(false));
        assertEquals(0, e.waiterCount());
        e.clear();
        assertTrue(f.isCancelled());
    }
}
