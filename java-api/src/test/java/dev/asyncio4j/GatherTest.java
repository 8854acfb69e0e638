package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §10 gather. */
class GatherTest {

    @Test
    void resultsAreInArgumentOrderWhateverTheCompletionOrder() {
        List<String> result = runVirtual(() -> Asyncio.gather(List.of(
                Asyncio.sleep(s(3), "a"), Asyncio.sleep(s(1), "b"), Asyncio.sleep(s(2), "c"))));
        assertEquals(List.of("a", "b", "c"), result);
    }

    @Test
    void noInputsIsAlreadyCompleteWithAnEmptyList() {
        runVirtual(() -> {
            CompletableFuture<List<Object>> g = Asyncio.gather(false);
            assertTrue(g.isDone());
            assertEquals(List.of(), g.join());
            return g;
        });
    }

    @Test
    void theSameStageTwiceIsOneChildAtEachPosition() {
        List<Object> result = runVirtual(() -> {
            CompletableFuture<String> x = Asyncio.sleep(s(1), "x");
            return Asyncio.gather(false, x, Asyncio.sleep(s(1), "y"), x);
        });
        assertEquals(List.of("x", "y", "x"), result);
    }

    @Test
    void theSameTaskTwiceIsOneChildToCancelAndToShow() {
        runVirtual(() -> {
            Task<Void> child = Asyncio.createTask(() -> Asyncio.sleep(s(5)));
            CompletableFuture<List<Object>> g = Asyncio.gather(true, child, child);
            assertEquals(List.of(child), ((Awaiting) g).awaited());
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                assertTrue(g.cancel(false));
                assertEquals(1, child.cancelling()); // one request, though it sits at two positions
                return describe(g);
            }).thenAccept(d -> assertEquals("cancelled:null", d));
        });
    }

    @Test
    void completionsAreSeenOnALaterIteration() {
        Log log = new Log();
        runVirtual(() -> {
            CompletableFuture<List<Object>> g = Asyncio.gather(false, CompletableFuture.completedFuture(1));
            log.add("gather done at once? " + g.isDone());
            return g.thenRun(() -> log.add("gather done"));
        });
        assertEquals(List.of("gather done at once? false", "gather done"), log.lines());
    }

    @Test
    void firstFailureEndsTheGatherAndTheOthersKeepRunning() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> slow = Asyncio.createTask(() -> Asyncio.sleep(s(5), "slow").whenComplete((v, e) -> log.at("slow ended " + v)));
            Task<Object> failing = Asyncio.createTask(() -> Asyncio.sleep(s(1)).thenCompose(v -> CompletableFuture.failedFuture(boom("first"))));
            Task<Object> later = Asyncio.createTask(() -> Asyncio.sleep(s(2)).thenCompose(v -> CompletableFuture.failedFuture(boom("second"))));
            return describe(Asyncio.gather(false, slow, failing, later)).thenCompose(d -> {
                log.at("gather " + d);
                return slow;
            }).thenRun(() -> assertEquals("second", later.exception().getMessage()));
        });
        assertEquals(List.of("gather failed:IllegalArgumentException:first @1", "slow ended slow @5"), log.lines());
    }

    @Test
    void aCancelledChildEndsTheGatherWithCancellation() { // gather cancelled from a child
        runVirtual(() -> {
            Task<String> other = Asyncio.createTask(() -> Asyncio.sleep(s(5), "other"));
            Task<Void> selfCancelling = Asyncio.createTask(() -> {
                Task.current().cancel("child");
                return Asyncio.sleep(s(1));
            });
            CompletableFuture<List<Object>> g = Asyncio.gather(false, other, selfCancelling);
            return describe(g).thenAccept(d -> {
                assertEquals("cancelled:child", d);
                assertFalse(other.isDone());
                assertEquals(0, EventLoop.running().time());
            });
        });
    }

    @Test
    void returnExceptionsPutsFailuresInTheListAndCancelledChildrenAsNewCancellations() {
        IllegalArgumentException failure = boom("f");
        List<Object> result = runVirtual(() -> {
            Task<Void> cancelled = Asyncio.createTask(() -> Asyncio.sleep(s(5)));
            cancelled.cancel("c");
            return Asyncio.gather(true, Asyncio.sleep(s(1), "ok"), CompletableFuture.failedFuture(failure), cancelled);
        });
        assertEquals("ok", result.get(0));
        assertSame(failure, result.get(1));
        CancellationException c = assertInstanceOf(CancellationException.class, result.get(2));
        assertEquals("c", c.getMessage());
    }

    @Test
    void cancellingTheGatherCancelsEveryChildAndEndsOnceAllFinished() { // gather cancelled from outside
        Log log = new Log();
        runVirtual(() -> {
            Task<String> swallower = Asyncio.createTask(() -> Asyncio.sleep(s(5), "s")
                    .exceptionally(e -> "swallowed").thenCompose(v -> Asyncio.sleep(s(2), v)));
            Task<Void> plain = Asyncio.createTask(() -> Asyncio.sleep(s(5)));
            CompletableFuture<List<Object>> g = Asyncio.gather(true, swallower, plain);
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                assertTrue(g.cancel(false));
                assertFalse(g.isDone()); // a request
                return describe(g);
            }).thenAccept(d -> {
                log.at("gather " + d);
                assertTrue(plain.isCancelled());
                assertEquals("swallowed", swallower.result());
            });
        });
        assertEquals(List.of("gather cancelled:null @3"), log.lines());
    }

    @Test
    void cancellingTheTaskAwaitingTheGatherCancelsTheChildren() {
        runVirtual(() -> {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            Task<String> parent = Asyncio.createTask(() -> {
                child.set(Asyncio.createTask(() -> Asyncio.sleep(s(10))));
                return describe(Asyncio.gather(List.of(child.get(), Asyncio.sleep(s(10)))));
            });
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                parent.cancel("outside");
                return parent;
            }).thenAccept(d -> {
                assertEquals("cancelled:outside", d);
                assertTrue(child.get().isCancelled());
                assertEquals(1_000_000_000L, EventLoop.running().time());
            });
        });
    }

    @Test
    void cancelOnADoneGatherOrOneWhoseChildrenAllFinishedReturnsFalse() {
        runVirtual(() -> {
            CompletableFuture<Integer> child = new CompletableFuture<>();
            CompletableFuture<List<Object>> g = Asyncio.gather(false, child);
            child.complete(1);
            assertFalse(g.cancel(true)); // finished, not yet seen: completes normally
            return g.thenAccept(list -> {
                assertEquals(List.of(1), list);
                assertFalse(g.cancel(true));
            });
        });
    }

    @Test
    void aCancelledChildWithReturnExceptionsNeverCancelsTheGather() {
        List<Object> result = runVirtual(() -> {
            Task<Void> a = Asyncio.createTask(() -> Asyncio.sleep(s(1)));
            Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(s(2), "b"));
            CompletableFuture<List<Object>> g = Asyncio.gather(true, a, b);
            a.cancel();
            return g;
        });
        assertInstanceOf(CancellationException.class, result.get(0));
        assertEquals("b", result.get(1));
    }

    @Test
    void withoutARunningLoopTheFutureFails() {
        CompletableFuture<List<Object>> g = Asyncio.gather(false, CompletableFuture.completedFuture(1));
        assertInstanceOf(IllegalStateException.class, failure(g));
        List<CompletableFuture<Integer>> none = new ArrayList<>();
        none.add(null);
        assertInstanceOf(NullPointerException.class, failure(Asyncio.gather(none)));
    }
}
