package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §12: Timeout. */
class TimeoutTest {

    @Test
    void aBodyReturningNullOrThrowingEndsTheBlockWithThatFailure() {
        runVirtual(() -> {
            Throwable noStage = failure(Asyncio.timeout(s(5), t -> null));
            assertInstanceOf(NullPointerException.class, noStage);
            assertEquals("timeout body returned null instead of a CompletionStage", noStage.getMessage());
            return describe(Asyncio.timeout(s(5), t -> { throw boom("body"); }))
                    .thenAccept(d -> assertEquals("failed:IllegalArgumentException:body", d));
        });
    }

    @Test
    void expiryCancelsTheTaskAndTheBlockFailsWithTimeout() {
        Log log = new Log();
        AtomicReference<Timeout> tm = new AtomicReference<>();
        runVirtual(() -> {
            CompletableFuture<Void> block = Asyncio.timeout(s(1), t -> { tm.set(t); return Asyncio.sleep(s(10)); });
            return describe(block).thenRun(() -> {
                log.at(outcome(block));
                assertInstanceOf(CancellationException.class, failure(block).getCause());
                assertEquals(0, Task.current().cancelling()); // a converted timeout does not leave the task cancelled
            });
        });
        assertTrue(tm.get().expired());
        assertEquals(1_000_000_000L, tm.get().when());
        assertEquals(List.of("failed:TimeoutException:timeout expired @1"), log.lines());
    }

    @Test
    void aBodyThatCompletesWithoutSuspendingIsUnaffectedEvenPastItsDeadline() {
        runVirtual(() -> {
            AtomicReference<Timeout> tm = new AtomicReference<>();
            CompletableFuture<String> block = Asyncio.timeout(s(-1), t -> { tm.set(t); return CompletableFuture.completedFuture("x"); });
            assertEquals("value:x", outcome(block));
            return yields(2).thenRun(() -> assertFalse(tm.get().expired()));
        });
    }

    // A deadline already past is queued at once (asyncio: call_soon in Timeout.reschedule), ahead of
    // whatever the body schedules after entering: a body that yields once sees the cancellation.
    // CPython test_timeouts.py: test_timeout_zero_sleep_zero, test_timeout_in_the_past_sleep_zero.

    @Test
    void aZeroTimeoutFiresBeforeABodyThatYieldsOnceCompletes() {
        AtomicReference<Timeout> tm = new AtomicReference<>();
        long[] t0 = new long[1];
        String d = runVirtual(() -> {
            t0[0] = EventLoop.running().time();
            return describe(Asyncio.timeout(Duration.ZERO, t -> { tm.set(t); return Asyncio.sleep(Duration.ZERO); }));
        });
        assertEquals("failed:TimeoutException:timeout expired", d);
        assertTrue(tm.get().expired());
        assertEquals(t0[0], tm.get().when());
    }

    @Test
    void aDeadlineInThePastFiresBeforeABodyThatYieldsOnceCompletes() {
        AtomicReference<Timeout> tm = new AtomicReference<>();
        long[] t0 = new long[1];
        String d = runVirtual(() -> {
            t0[0] = EventLoop.running().time();
            return describe(Asyncio.timeout(s(-11), t -> { tm.set(t); return Asyncio.sleep(Duration.ZERO); }));
        });
        assertEquals("failed:TimeoutException:timeout expired", d);
        assertTrue(tm.get().expired());
        assertEquals(t0[0] - 11_000_000_000L, tm.get().when());
    }

    @Test
    void aPastTimeoutAroundATaskGroupWhoseBodyYieldsOnceTimesOut() {
        Log log = new Log();
        runVirtual(() -> describe(Asyncio.timeout(Duration.ZERO, t -> TaskGroup.run(g -> {
            g.createTask(() -> Asyncio.sleep(s(1)).thenRun(() -> log.add("child finished")));
            return Asyncio.sleep(Duration.ZERO).thenRun(() -> log.add("body finished"));
        }))).thenAccept(log::add));
        assertEquals(List.of("failed:TimeoutException:timeout expired"), log.lines());
    }

    @Test
    void rescheduleToAPastDeadlineFiresBeforeABodyThatYieldsOnceCompletes() {
        Log log = new Log();
        runVirtual(() -> describe(Asyncio.timeout(s(10), t -> Asyncio.sleep(s(1)).thenCompose(v -> {
            t.reschedule(Duration.ZERO);
            return Asyncio.sleep(Duration.ZERO).thenRun(() -> log.add("yielded once"));
        }))).thenAccept(log::at));
        assertEquals(List.of("failed:TimeoutException:timeout expired @1"), log.lines());
    }

    @Test
    void aPastDeadlineDoesNotFireWhenTheBodyCompletesWithoutSuspendingAfterAReschedule() {
        runVirtual(() -> {
            AtomicReference<Timeout> tm = new AtomicReference<>();
            CompletableFuture<String> block = Asyncio.timeout(s(10), t -> {
                tm.set(t);
                t.reschedule(s(-1));
                return CompletableFuture.completedFuture("x");
            });
            assertEquals("value:x", outcome(block));
            return yields(2).thenRun(() -> {
                assertFalse(tm.get().expired());
                assertEquals(0, Task.current().cancelling());
            });
        });
    }

    @Test
    void theBodyMayCleanUpAndAwaitMoreAndARecoveredBodyGivesItsValue() {
        Log log = new Log();
        AtomicReference<Timeout> tm = new AtomicReference<>();
        String result = runVirtual(() -> Asyncio.timeout(s(1), t -> {
            tm.set(t);
            return Asyncio.sleep(s(10), "slept")
                    .exceptionally(e -> { log.at("cleanup after " + Task.unwrap(e).getClass().getSimpleName()); return null; })
                    .thenCompose(v -> Asyncio.sleep(s(2), "recovered"));
        }).thenApply(v -> { log.at("block " + v); return v; }));
        assertEquals("recovered", result);
        assertTrue(tm.get().expired());
        assertEquals(List.of("cleanup after CancellationException @1", "block recovered @3"), log.lines());
    }

    @Test
    void aBodyThatFailsOtherwiseKeepsItsFailure() {
        runVirtual(() -> describe(Asyncio.timeout(s(1), t -> Asyncio.sleep(s(10))
                .exceptionally(e -> { throw boom("cleanup"); })))
                .thenAccept(d -> assertEquals("failed:IllegalArgumentException:cleanup", d)));
    }

    @Test
    void anOutsideCancellationIsNeverConverted() {
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(() -> describe(Asyncio.timeout(s(10), tm -> Asyncio.sleep(s(20)))));
            return Asyncio.sleep(s(1)).thenCompose(v -> { t.cancel("outside"); return t; })
                    .thenAccept(d -> assertEquals("cancelled:outside", d));
        });
    }

    @Test
    void expiredAndAlsoCancelledBySomeoneElseLetsTheCancellationThrough() {
        runVirtual(() -> describe(Asyncio.timeout(s(1), tm -> Asyncio.sleep(s(10)).exceptionally(e -> {
            Task.current().cancel("another request");
            throw new CancellationException("rethrown");
        }))).thenAccept(d -> {
            assertEquals("cancelled:rethrown", d);
            assertEquals(1, Task.current().uncancel() + 1); // one request (the other's) is left
        }));
    }

    @Test
    void nestedInnerTimeoutFiresAndTheOuterIsUnaffected() {
        Log log = new Log();
        runVirtual(() -> describe(Asyncio.timeout(s(10), outer -> describe(Asyncio.timeout(s(1), inner -> Asyncio.sleep(s(5))))
                .thenCompose(d -> { log.at("inner " + d); return Asyncio.sleep(s(2), "outer body done"); })
                .thenApply(v -> { log.at(v + ", outer expired=" + outer.expired()); return v; })))
                .thenAccept(d -> log.at("outer " + d)));
        assertEquals(List.of("inner failed:TimeoutException:timeout expired @1", "outer body done, outer expired=false @3",
                "outer value:outer body done @3"), log.lines());
    }

    @Test
    void nestedOuterTimeoutFiresAndTheInnerLetsTheCancellationThrough() {
        Log log = new Log();
        runVirtual(() -> describe(Asyncio.timeout(s(1), outer -> describe(Asyncio.timeout(s(10), inner -> Asyncio.sleep(s(20))))
                .thenCompose(d -> { log.at("inner " + d); throw new CancellationException("rethrown"); })))
                .thenAccept(d -> log.at("outer " + d)));
        assertEquals(List.of("inner cancelled:null @1", "outer failed:TimeoutException:timeout expired @1"), log.lines());
    }

    @Test
    void nestedTimeoutsFiringTogetherOnlyTheOuterConverts() {
        Log log = new Log();
        runVirtual(() -> describe(Asyncio.timeout(s(1), outer -> {
            CompletableFuture<String> inner = describe(Asyncio.timeout(s(1), t -> Asyncio.sleep(s(20))));
            return inner.thenCompose(d -> {
                log.at("inner " + d + ", cancelling=" + Task.current().cancelling());
                return CompletableFuture.failedFuture(new CancellationException("from inner"));
            });
        })).thenAccept(d -> log.at("outer " + d + ", cancelling=" + Task.current().cancelling())));
        assertEquals(List.of("inner cancelled:null, cancelling=1 @1", "outer failed:TimeoutException:timeout expired, cancelling=0 @1"),
                log.lines());
    }

    @Test
    void rescheduleMovesTheDeadlineWhileActiveOnly() {
        Log log = new Log();
        AtomicReference<Timeout> tm = new AtomicReference<>();
        runVirtual(() -> describe(Asyncio.timeout(s(1), t -> {
            tm.set(t);
            t.reschedule(s(5));
            assertEquals(5_000_000_000L, t.when());
            return Asyncio.sleep(s(10));
        })).thenAccept(d -> log.at(d)));
        assertEquals(List.of("failed:TimeoutException:timeout expired @5"), log.lines());
        assertThrows(IllegalStateException.class, () -> tm.get().reschedule(s(1)));

        runVirtual(() -> Asyncio.timeout(s(1), t -> { tm.set(t); return CompletableFuture.completedFuture(1); }));
        assertFalse(tm.get().expired());
        assertThrows(IllegalStateException.class, () -> tm.get().reschedule(s(1)));
    }

    @Test
    void rescheduleToNullAndNullDelayMeanNoDeadline() {
        runVirtual(() -> Asyncio.timeout(null, t -> {
            assertEquals(Long.MAX_VALUE, t.when());
            return Asyncio.timeout(s(1), u -> { u.reschedule(null); assertEquals(Long.MAX_VALUE, u.when()); return Asyncio.sleep(s(100)); });
        }));
    }

    @Test
    void outsideATaskTheFutureFailsWithIllegalState() {
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.timeout(s(1), t -> CompletableFuture.completedFuture(1))));
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            CompletableFuture<CompletableFuture<Integer>> inCallback = new CompletableFuture<>();
            loop.callSoon(() -> inCallback.complete(Asyncio.timeout(s(1), t -> CompletableFuture.completedFuture(1))));
            loop.run(() -> yields(1));
            assertInstanceOf(IllegalStateException.class, failure(inCallback.join()));
        }
    }

    @Test
    void timeoutExceptionIsNotACancellation() {
        runVirtual(() -> describe(Asyncio.timeout(s(1), t -> Asyncio.sleep(s(2)))).thenAccept(d -> {
            assertFalse(d.startsWith("cancelled"));
            assertTrue(d.contains(TimeoutException.class.getSimpleName()));
        }));
    }
}
