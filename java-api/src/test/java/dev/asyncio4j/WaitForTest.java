package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §10 waitFor. */
class WaitForTest {

    @Test
    void nullTimeoutIsTheSameAsAwaiting() {
        Log log = new Log();
        runVirtual(() -> Asyncio.waitFor(Asyncio.sleep(s(5), "x"), null).thenAccept(v -> log.at("got " + v)));
        assertEquals(List.of("got x @5"), log.lines());
    }

    @Test
    void atTheDeadlineTheTaskIsCancelledAndTheResultIsTimeoutCausedByCancellation() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(10), "late"));
            CompletableFuture<String> w = Asyncio.waitFor(child, s(1));
            return describe(w).thenRun(() -> {
                log.at("waitFor " + outcome(w));
                Throwable t = failure(w);
                assertInstanceOf(TimeoutException.class, t);
                assertInstanceOf(CancellationException.class, t.getCause());
                assertTrue(child.isCancelled());
            });
        });
        assertEquals(List.of("waitFor failed:TimeoutException:timeout expired @1"), log.lines());
    }

    @Test
    void waitsUntilTheCancelledTaskHasFinished() {
        Log log = new Log();
        runVirtual(() -> {
            Task<Object> child = Asyncio.createTask(() -> Asyncio.sleep(s(10)).handle((v, e) -> e)
                    .thenCompose(e -> Asyncio.sleep(s(2)).thenCompose(x -> CompletableFuture.failedFuture(e))));
            return describe(Asyncio.waitFor(child, s(1))).thenAccept(d -> log.at(d));
        });
        assertEquals(List.of("failed:TimeoutException:timeout expired @3"), log.lines());
    }

    @Test
    void aTaskThatSwallowsTheCancellationGivesItsValue() {
        String result = runVirtual(() -> Asyncio.waitFor(
                Asyncio.createTask(() -> Asyncio.sleep(s(10), "slept").exceptionally(e -> "swallowed")), s(1)));
        assertEquals("swallowed", result);
    }

    @Test
    void aTaskThatFailsOtherwiseGivesThatFailure() {
        runVirtual(() -> {
            Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(10), "x")
                    .exceptionally(e -> { throw new UncheckedIOException(new IOException("cleanup failed")); }));
            return describe(Asyncio.waitFor(child, s(1))).thenAccept(d ->
                    assertEquals("failed:UncheckedIOException:java.io.IOException: cleanup failed", d));
        });
    }

    @Test
    void zeroOrNegativeTimeoutWithADoneInputGivesItsOutcomeAtOnce() {
        runVirtual(() -> {
            CompletableFuture<String> w = Asyncio.waitFor(CompletableFuture.completedFuture("x"), Duration.ZERO);
            assertEquals("value:x", outcome(w));
            CompletableFuture<Object> f = Asyncio.waitFor(CompletableFuture.failedFuture(boom("b")), s(-1));
            assertEquals("failed:IllegalArgumentException:b", outcome(f));
            return w;
        });
    }

    @Test
    void zeroTimeoutCancelsAPendingTaskWhichNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        runVirtual(() -> {
            Task<String> child = Asyncio.createTask(() -> { ran.set(true); return CompletableFuture.completedFuture("x"); });
            return describe(Asyncio.waitFor(child, Duration.ZERO)).thenAccept(d -> {
                assertEquals("failed:TimeoutException:timeout expired", d);
                assertTrue(child.isCancelled());
            });
        });
        assertFalse(ran.get());
    }

    @Test
    void cancellingTheCallerCancelsTheInputToo() {
        runVirtual(() -> {
            Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(10), "x"));
            Task<String> caller = Asyncio.createTask(() -> describe(Asyncio.waitFor(Asyncio.wrapFuture(child), s(5))));
            return Asyncio.sleep(s(1)).thenCompose(v -> { caller.cancel("outer"); return caller; }).thenAccept(d -> {
                assertEquals("cancelled:outer", d);
                assertTrue(child.isCancelled());
                assertEquals(1_000_000_000L, EventLoop.running().time());
            });
        });
    }

    @Test
    void cancellingTheWaitForFutureIsARequestPassedToTheInput() {
        runVirtual(() -> {
            Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(10), "x"));
            CompletableFuture<String> w = Asyncio.waitFor(child, s(5));
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                assertTrue(w.cancel(true));
                assertFalse(w.isDone());
                return describe(w);
            }).thenAccept(d -> {
                assertEquals("cancelled:null", d);
                assertTrue(child.isCancelled());
            });
        });
    }

    @Test
    void deadlinePassingAfterTheInputCompletedButBeforeTheCallerResumedIsATimeout() {
        runVirtual(() -> {
            CompletableFuture<String> aw = Asyncio.sleep(s(1), "just in time"); // its timer fires first at t=1
            return describe(Asyncio.waitFor(aw, s(1))).thenAccept(d -> {
                assertEquals("failed:TimeoutException:timeout expired", d);
                assertEquals("value:just in time", outcome(aw));
            });
        });
    }

    @Test
    void callerCancelledInTheIterationTheInputCompletesGetsTheCancellation() {
        runVirtual(() -> {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            Task<String> caller = Asyncio.createTask(() -> describe(Asyncio.waitFor(foreign, s(10))));
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                foreign.complete("value");
                caller.cancel("same iteration");
                return caller;
            }).thenAccept(d -> assertEquals("cancelled:same iteration", d));
        });
    }

    @Test
    void waitForAShieldCancelsOnlyTheShield() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> x = Asyncio.createTask(() -> Asyncio.sleep(s(5), "x"));
            return describe(Asyncio.waitFor(Asyncio.shield(x), s(1))).thenCompose(d -> {
                log.at(d);
                return x;
            }).thenAccept(v -> log.at("x " + v));
        });
        assertEquals(List.of("failed:TimeoutException:timeout expired @1", "x x @5"), log.lines());
    }

    @Test
    void withoutARunningLoopTheFutureFails() {
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.waitFor(new CompletableFuture<>(), s(1))));
        assertInstanceOf(NullPointerException.class, failure(Asyncio.waitFor(null, s(1))));
    }
}
