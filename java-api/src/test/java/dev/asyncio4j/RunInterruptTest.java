package dev.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asyncio.run answers Thread.interrupt(): it cancels the main task (issue 17, item 4). */
class RunInterruptTest {

    /** What a thread running Asyncio.run ended with. */
    private record Outcome(Object result, Throwable failure, boolean interruptStatus) {
    }

    /** Runs {@code main} under Asyncio.run on a new thread, interrupts it once main waits, and returns how it ended. */
    private static Outcome interruptWhileWaiting(Supplier<? extends CompletionStage<?>> main) throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            Object result = null;
            Throwable failure = null;
            try {
                result = Asyncio.run(() -> {
                    CompletionStage<?> stage = main.get();
                    EventLoop.running().callSoon(waiting::countDown); // after main's first step
                    return stage;
                });
            } catch (Throwable e) {
                failure = e;
            }
            outcome.set(new Outcome(result, failure, Thread.interrupted()));
        }, "stuck-main");
        runner.setDaemon(true); // a run that stays stuck must not keep the test JVM alive
        runner.start();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(runner.isAlive(), "Asyncio.run still stuck after the interrupt");
        return outcome.get();
    }

    @Test
    void interruptOfAStuckAsyncioRunCancelsMainAndThrowsCancellationCausedByInterrupt() throws Exception {
        Event never = new Event();
        Outcome outcome = interruptWhileWaiting(never::waitAsync);
        assertInstanceOf(CancellationException.class, outcome.failure());
        assertInstanceOf(InterruptedException.class, outcome.failure().getCause());
        assertTrue(outcome.interruptStatus(), "the interrupt status is set again when run returns");
    }

    @Test
    void interruptedMainThatSwallowsTheCancellationReturnsItsResult() throws Exception {
        Event never = new Event();
        Outcome outcome = interruptWhileWaiting(() -> never.waitAsync().handle((v, e) -> "recovered: " + e.getClass().getSimpleName()));
        assertEquals(null, outcome.failure());
        assertEquals("recovered: CancellationException", outcome.result());
        assertTrue(outcome.interruptStatus());
    }

    @Test
    void interruptCleansUpLeftoverTasksBeforeReturning() throws Exception {
        Event never = new Event();
        AtomicBoolean leftoverCancelled = new AtomicBoolean();
        Outcome outcome = interruptWhileWaiting(() -> {
            Asyncio.createTask(never::waitAsync).addDoneCallback(t -> leftoverCancelled.set(t.isCancelled()));
            return never.waitAsync();
        });
        assertInstanceOf(CancellationException.class, outcome.failure());
        assertTrue(leftoverCancelled.get());
    }

    @Test
    void eventLoopRunStillClearsAnInterruptMeantForACallback() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String result = loop.run(() -> {
                Thread.currentThread().interrupt();
                return Asyncio.sleep(java.time.Duration.ofSeconds(1), "slept");
            });
            assertEquals("slept", result);
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void asyncioRunWithoutInterruptLeavesTheInterruptStatusClear() {
        assertEquals("done", Asyncio.run(() -> CompletableFuture.completedFuture("done")));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
