package dev.asyncio4j;

import static dev.asyncio4j.Testing.runOneIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md §13.1, the timer heap's upkeep (asyncio: {@code BaseEventLoop._run_once} and
 * {@code _timer_handle_cancelled}): cancelled timers leave the heap whether the loop is busy or idle
 * (dropped at the head, or the heap rebuilt once over half of more than 100 timers are cancelled),
 * and the cancel count covers exactly the cancelled timers still in the heap. Observed through the
 * loop's package-private {@code timerCount()} and {@code cancelledTimerCount()}, never through time.
 */
class EventLoopTimerHeapTest {

    private static final Duration HOUR = Duration.ofHours(1);
    /** How long a test waits for another thread before it fails; never slept, only a bound. */
    private static final long PATIENCE_SECONDS = 10;


    /** Runs {@code action} on the loop, in one iteration. */
    private static void onLoop(EventLoop loop, Runnable action) {
        loop.callSoon(action);
        runOneIteration(loop);
    }

    // ---------------------------------------------------------------------------------------------
    // Purging, busy or idle (issue 11 §2.5)

    @Test
    void cancelledTimerAtTheHeadLeavesTheHeapOnABusyIteration() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            onLoop(loop, () -> {
                loop.callLater(HOUR, () -> { }).cancel();
                loop.callSoon(() -> { }); // busy: the next iteration does not wait for a timer
            });
            assertEquals(1, loop.timerCount());
            runOneIteration(loop);
            assertEquals(0, loop.timerCount());
            assertEquals(0, loop.cancelledTimerCount());
            assertEquals(0, loop.time(), "a busy iteration never moves the virtual clock");
        }
    }

    @Test
    void overHalfOfMoreThan100TimersCancelledRebuildsTheHeapOnABusyIteration() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            onLoop(loop, () -> {
                loop.callLater(Duration.ofMinutes(30), () -> { }); // a live head: dropping heads alone frees nothing
                for (int i = 0; i < 150; i++) loop.callLater(HOUR, () -> { }).cancel();
                loop.callSoon(() -> { });
            });
            assertEquals(151, loop.timerCount());
            assertEquals(150, loop.cancelledTimerCount());
            runOneIteration(loop);
            assertEquals(1, loop.timerCount());
            assertEquals(0, loop.cancelledTimerCount());
            assertEquals(0, loop.time());
        }
    }

    @Test
    void aHeapOf100OrFewerTimersIsNotRebuilt() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            onLoop(loop, () -> {
                loop.callLater(Duration.ofMinutes(30), () -> { });
                for (int i = 0; i < 99; i++) loop.callLater(HOUR, () -> { }).cancel();
                loop.callSoon(() -> { });
            });
            runOneIteration(loop);
            assertEquals(100, loop.timerCount(), "CPython's threshold: more than 100 timers");
            assertEquals(99, loop.cancelledTimerCount());
        }
    }

    @Test
    void busyLoopOfWaitForWithAFarTimeoutKeepsTheTimerHeapBounded() {
        int rounds = 20_000;
        AtomicInteger largestHeap = new AtomicInteger();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String result = loop.run(() -> {
                loop.callLater(Duration.ofDays(1), () -> { }); // a live head, as a long timeout elsewhere would be
                return waitForRounds(loop, rounds, largestHeap);
            });
            assertEquals("done", result);
            assertEquals(0, loop.time(), "the loop was busy all along");
            assertTrue(largestHeap.get() <= 2 * 101 + 2, "largest heap: " + largestHeap.get());
        }
    }

    /** {@code rounds} times: {@code waitFor(sleep(0), 1 h)}, whose timer is cancelled once the sleep ends. */
    private static CompletableFuture<String> waitForRounds(EventLoop loop, int left, AtomicInteger largestHeap) {
        largestHeap.accumulateAndGet(loop.timerCount(), Math::max);
        if (left == 0) return CompletableFuture.completedFuture("done");
        return Asyncio.waitFor(Asyncio.sleep(Duration.ZERO), HOUR)
                .thenCompose(v -> waitForRounds(loop, left - 1, largestHeap));
    }

    // ---------------------------------------------------------------------------------------------
    // Counting (issue 11 §2.6)

    @Test
    void cancellingATimerThatAlreadyFiredIsNotCounted() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<TimerHandle> fired = new ArrayList<>();
            for (int i = 0; i < 500; i++) fired.add(loop.callLater(Duration.ofSeconds(1), () -> { }));
            loop.callLater(Duration.ofSeconds(2), loop::stop);
            loop.runForever();
            assertEquals(0, loop.timerCount());
            fired.forEach(TimerHandle::cancel); // what an expired timeout's cleanup does
            assertTrue(fired.get(0).cancelled());
            assertEquals(0, loop.cancelledTimerCount());
        }
    }

    @Test
    void expiredTimeoutsLeaveNoCancelledTimerCounted() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            // then a sleep past every dead sleep timer, so that the heap drains
            loop.run(() -> timeoutRounds(300).thenCompose(v -> Asyncio.sleep(Duration.ofHours(2))));
            assertEquals(0, loop.timerCount());
            assertEquals(0, loop.cancelledTimerCount());
        }
    }

    /** {@code n} times: {@code timeout(1 s)} around a 1 h sleep; each expires, then cancels its fired timer on exit. */
    private static CompletableFuture<Void> timeoutRounds(int n) {
        if (n == 0) return CompletableFuture.completedFuture(null);
        return Asyncio.timeout(Duration.ofSeconds(1), t -> Asyncio.sleep(HOUR))
                .handle((v, error) -> {
                    if (!(Task.unwrap(error) instanceof TimeoutException)) throw new AssertionError("expected a timeout: " + error);
                    return null;
                })
                .thenCompose(v -> timeoutRounds(n - 1));
    }

    @Test
    void timerCancelledOnItsWayThroughTheInboxIsNeverCountedNorHeaped() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            // The loop is not running, so these come from "another thread": they wait in the inbox.
            loop.callLater(Duration.ofMinutes(30), () -> { });
            for (int i = 0; i < 50; i++) loop.callLater(HOUR, () -> { }).cancel();
            assertEquals(0, loop.cancelledTimerCount());
            loop.callSoon(() -> { });
            runOneIteration(loop);
            assertEquals(1, loop.timerCount());
            assertEquals(0, loop.cancelledTimerCount());
        }
    }

    @Test
    void cancelCountStaysExactWhenCancelsRaceTheLoopFiringTimers() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock().start();
        try {
            int timers = 20_000;
            List<TimerHandle> handles = new ArrayList<>(timers);
            for (int i = 0; i < timers; i++) {
                TimerHandle t = loop.callAt(i, () -> { }); // due at once or soon: the loop fires them meanwhile
                if (i % 3 == 0) t.cancel();                // mostly on its way through the inbox
                handles.add(t);
            }
            for (int i = 0; i < timers; i += 3) handles.get(i + 1).cancel(); // in the inbox, in the heap or fired
            // Timers reach the heap in arrival order and a later deadline fires later: once this
            // probe runs, every timer above has left the heap.
            CompletableFuture<int[]> counts = new CompletableFuture<>();
            loop.callAt(timers, () -> counts.complete(new int[] {loop.timerCount(), loop.cancelledTimerCount()}));
            int[] seen = counts.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, seen[0], "timers left in the heap");
            assertEquals(0, seen[1], "cancelled timers counted though none is in the heap");
        } finally {
            loop.close();
        }
    }
}
