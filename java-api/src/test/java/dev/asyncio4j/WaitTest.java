package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §10 wait and asCompleted. */
class WaitTest {

    @Test
    void noInputsFailsWithIllegalArgument() {
        runVirtual(() -> describe(Asyncio.wait(List.<CompletableFuture<Object>>of(), null, ReturnWhen.ALL_COMPLETED))
                .thenAccept(d -> assertTrue(d.startsWith("failed:IllegalArgumentException"), d)));
    }

    @Test
    void allCompletedWaitsForEveryInput() {
        Log log = new Log();
        runVirtual(() -> {
            CompletableFuture<String> a = Asyncio.sleep(s(1), "a"), b = Asyncio.sleep(s(3), "b");
            return Asyncio.wait(List.of(a, b), null, ReturnWhen.ALL_COMPLETED).thenAccept(r -> {
                log.at("done " + r.done().size() + " pending " + r.pending().size());
                assertEquals(Set.of(a, b), r.done());
            });
        });
        assertEquals(List.of("done 2 pending 0 @3"), log.lines());
    }

    @Test
    void firstCompletedReturnsWhenOneCompletesAndCancelsNothing() {
        runVirtual(() -> {
            CompletableFuture<String> a = Asyncio.sleep(s(1), "a"), b = Asyncio.sleep(s(3), "b");
            return Asyncio.wait(List.of(a, b), null, ReturnWhen.FIRST_COMPLETED).thenCompose(r -> {
                assertEquals(Set.of(a), r.done());
                assertEquals(Set.of(b), r.pending());
                assertEquals(1_000_000_000L, EventLoop.running().time());
                return b;
            }).thenAccept(v -> assertEquals("b", v));
        });
    }

    @Test
    void firstExceptionIgnoresCancellationsAndSuccesses() {
        runVirtual(() -> {
            CompletableFuture<String> ok = Asyncio.sleep(s(1), "ok");
            Task<Void> cancelled = Asyncio.createTask(() -> Asyncio.sleep(s(10)));
            cancelled.cancel();
            Task<Object> failing = Asyncio.createTask(() -> Asyncio.sleep(s(2)).thenCompose(v -> CompletableFuture.failedFuture(boom("x"))));
            CompletableFuture<String> slow = Asyncio.sleep(s(5), "slow");
            List<CompletableFuture<Object>> inputs = List.of(ok.thenApply(v -> (Object) v), cancelled.toCompletableFuture().thenApply(v -> (Object) v),
                    failing.toCompletableFuture(), slow.thenApply(v -> (Object) v));
            return Asyncio.wait(inputs, null, ReturnWhen.FIRST_EXCEPTION).thenAccept(r -> {
                assertEquals(2_000_000_000L, EventLoop.running().time());
                assertEquals(3, r.done().size());
                assertEquals(Set.of(inputs.get(3)), r.pending());
            });
        });
    }

    @Test
    void firstExceptionWithNoFailureWaitsForAll() {
        runVirtual(() -> {
            CompletableFuture<String> a = Asyncio.sleep(s(1), "a"), b = Asyncio.sleep(s(2), "b");
            return Asyncio.wait(List.of(a, b), null, ReturnWhen.FIRST_EXCEPTION)
                    .thenAccept(r -> assertEquals(2, r.done().size()));
        });
    }

    @Test
    void aTimeoutReturnsWhatIsDoneWithoutTimeoutExceptionOrCancelling() {
        runVirtual(() -> {
            CompletableFuture<String> a = Asyncio.sleep(s(1), "a"), b = Asyncio.sleep(s(3), "b");
            return Asyncio.wait(List.of(a, b), s(2), ReturnWhen.ALL_COMPLETED).thenCompose(r -> {
                assertEquals(Set.of(a), r.done());
                assertEquals(Set.of(b), r.pending());
                assertEquals(2_000_000_000L, EventLoop.running().time());
                return b;
            });
        });
    }

    @Test
    void theSetsAreComputedOnALaterIterationEvenIfEveryInputIsDone() {
        Log log = new Log();
        runVirtual(() -> {
            CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
            CompletableFuture<Integer> soon = new CompletableFuture<>();
            CompletableFuture<WaitResult<Integer>> w = Asyncio.wait(List.of(done, soon), null, ReturnWhen.FIRST_COMPLETED);
            log.add("returned done=" + w.isDone());
            soon.complete(2); // finishes before the waiter resumes: in done
            return w.thenAccept(r -> log.add("done " + r.done().size() + " pending " + r.pending().size()));
        });
        assertEquals(List.of("returned done=false", "done 2 pending 0"), log.lines());
    }

    @Test
    void taskInputsAppearAsTheirFutureAndDuplicatesCountOnce() {
        runVirtual(() -> {
            Task<String> t = Asyncio.createTask(() -> Asyncio.sleep(s(1), "t"));
            return Asyncio.wait(List.of(t, t.toCompletableFuture(), t), null, ReturnWhen.ALL_COMPLETED)
                    .thenAccept(r -> assertEquals(Set.of(t.toCompletableFuture()), r.done()));
        });
    }

    @Test
    void cancellingTheWaitCancelsOnlyTheWait() {
        runVirtual(() -> {
            CompletableFuture<String> a = Asyncio.sleep(s(3), "a");
            CompletableFuture<WaitResult<String>> w = Asyncio.wait(List.of(a), null, ReturnWhen.ALL_COMPLETED);
            assertTrue(w.cancel(false));
            return a.thenAccept(v -> assertEquals("a", v));
        });
    }

    @Test
    void asCompletedGivesOutcomesInCompletionOrder() {
        Log log = new Log();
        runVirtual(() -> {
            List<CompletableFuture<String>> futures = Asyncio.asCompleted(List.of(
                    Asyncio.sleep(s(3), "three"), Asyncio.sleep(s(1), "one"), Asyncio.sleep(s(2), "two")), null);
            assertEquals(3, futures.size());
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (CompletableFuture<String> f : futures) chain = chain.thenCompose(v -> f.thenAccept(x -> log.at(x)));
            return chain;
        });
        assertEquals(List.of("one @1", "two @2", "three @3"), log.lines());
    }

    @Test
    void asCompletedTimeoutFailsTheRestAndCancelsNoInput() {
        Log log = new Log();
        runVirtual(() -> {
            CompletableFuture<String> slow = Asyncio.sleep(s(5), "slow");
            CompletableFuture<String> dup = Asyncio.sleep(s(1), "fast");
            List<CompletableFuture<String>> futures = Asyncio.asCompleted(List.of(slow, dup, dup), s(2));
            assertEquals(2, futures.size());
            return describe(futures.get(0)).thenCompose(d -> { log.at(d); return describe(futures.get(1)); })
                    .thenCompose(d -> { log.at(d); return slow; }).thenAccept(v -> log.at("input " + v));
        });
        assertEquals(List.of("value:fast @1", "failed:TimeoutException:as_completed timed out @2", "input slow @5"), log.lines());
    }

    @Test
    void asCompletedWithoutARunningLoopThrows() {
        assertThrows(IllegalStateException.class, () -> Asyncio.asCompleted(List.of(new CompletableFuture<>()), Duration.ZERO));
    }
}
