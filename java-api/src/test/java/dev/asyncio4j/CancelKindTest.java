package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "Cancellation", and whether a late cancellation wins: each await-point type
 * as LibraryFuture's table declares it. The rows of that table, one assertion each.
 */
class CancelKindTest {

    /** A pending future of each simple wait: cancel() completes it inside the call. */
    @Test
    void immediateKindCompletesInsideCancel() {
        runVirtual(() -> {
            Lock held = lockedLock();
            CompletableFuture<String> foreign = new CompletableFuture<>();
            List<Supplier<CompletableFuture<?>>> immediate = List.of(
                    () -> Asyncio.sleep(s(5)),
                    () -> Asyncio.wait(List.of(Asyncio.sleep(s(5))), null, ReturnWhen.ALL_COMPLETED),
                    held::acquireAsync,
                    () -> held.withLockAsync(() -> CompletableFuture.completedFuture(null)),
                    () -> Asyncio.shield(Asyncio.sleep(s(5))),
                    () -> Asyncio.asCompleted(List.of(Asyncio.sleep(s(5))), null).get(0),
                    () -> Asyncio.wrapFuture(foreign));
            for (Supplier<CompletableFuture<?>> make : immediate) {
                CompletableFuture<?> f = make.get();
                assertTrue(f.cancel(false), f::toString);
                assertTrue(f.isCancelled(), f::toString);
            }
            assertTrue(foreign.isCancelled()); // wrapFuture's cancel() passes the request on
            return CompletableFuture.completedFuture(null);
        });
    }

    /** gather, waitFor, a task's future and Condition's wait: cancel() is a request; they end on a later iteration. */
    @Test
    void requestKindEndsAfterTheWorkItWasPassedTo() {
        runVirtual(() -> {
            Condition condition = new Condition();
            return condition.acquireAsync().thenCompose(held -> {
                Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(5), "child"));
                List<CompletableFuture<?>> requests = List.of(
                        Asyncio.gather(List.of(Asyncio.createTask(() -> Asyncio.sleep(s(5))))),
                        Asyncio.waitFor(Asyncio.createTask(() -> Asyncio.sleep(s(5))), null),
                        child.toCompletableFuture(),
                        condition.waitAsync());
                return Asyncio.sleep(Duration.ZERO).thenCompose(started -> {
                    for (CompletableFuture<?> f : requests) {
                        assertTrue(f.cancel(false), f::toString);
                        assertFalse(f.isDone(), f::toString);
                    }
                    return Asyncio.gather(true, requests.toArray(new CompletionStage<?>[0]));
                }).thenAccept(outcomes -> {
                    for (CompletableFuture<?> f : requests) assertTrue(f.isCancelled(), f::toString);
                    assertTrue(condition.locked()); // the wait ended holding the lock again
                });
            });
        });
    }

    /** timeout's and TaskGroup.run's futures stand for a block of the calling task: cancel() is that task's cancel(). */
    @Test
    void blockKindIsARequestToTheTaskRunningTheBlock() {
        runVirtual(() -> {
            Task<?> self = Task.current();
            CompletableFuture<Void> timeout = Asyncio.timeout(null, t -> Asyncio.sleep(s(5)));
            assertTrue(timeout.cancel(false));
            assertEquals(1, self.cancelling());
            assertFalse(timeout.isDone());
            return describe(timeout).thenCompose(d -> {
                assertEquals("cancelled:null", d);
                assertEquals(0, self.uncancel());
                CompletableFuture<Void> group = TaskGroup.run(tg -> Asyncio.sleep(s(5)));
                assertTrue(group.cancel(false));
                assertEquals(1, self.cancelling());
                assertFalse(group.isDone());
                return describe(group);
            }).thenAccept(d -> assertEquals("cancelled:null", d));
        });
    }

    /** A late cancellation wins over a result with nothing handed over, never over a grant or a shared future. */
    @Test
    void lateCancellationWinsOnlyWhereNothingIsHandedOver() {
        runVirtual(() -> {
            Lock held = lockedLock();
            CompletableFuture<Void> grant = held.acquireAsync();
            CompletableFuture<Void> foreign = new CompletableFuture<>();
            Task<String> child = Asyncio.createTask(() -> Asyncio.sleep(s(5), "child"));
            assertLate(true, Asyncio.sleep(s(5)));
            assertLate(true, Asyncio.wait(List.of(grant), null, ReturnWhen.ALL_COMPLETED));
            assertLate(true, Asyncio.toThread(() -> "job"));
            assertLate(false, grant);
            assertLate(false, held.withLockAsync(() -> CompletableFuture.completedFuture(null)));
            assertLate(true, Asyncio.shield(Asyncio.sleep(s(5))));
            assertLate(false, Asyncio.shield(grant));
            assertLate(true, Asyncio.asCompleted(List.of(Asyncio.sleep(s(5)), foreign), null).get(0));
            assertLate(false, Asyncio.asCompleted(List.of(Asyncio.sleep(s(5)), grant), null).get(1));
            assertLate(true, Asyncio.wrapFuture(foreign));
            assertLate(true, Asyncio.wrapFuture(child));
            assertLate(false, Asyncio.wrapFuture(grant));
            assertLate(false, child.toCompletableFuture()); // shared: its outcome is never replaced
            assertLate(true, Asyncio.gather(List.of(child, Asyncio.sleep(s(5)))));
            assertLate(false, Asyncio.gather(List.of(child, grant)));
            assertLate(true, Asyncio.waitFor(child, null));
            assertLate(false, Asyncio.waitFor(grant, null));
            assertLate(false, Asyncio.timeout(null, t -> Asyncio.sleep(s(5))));
            assertLate(false, TaskGroup.run(tg -> Asyncio.sleep(s(5))));
            child.cancel();
            grant.cancel(false);
            held.release();
            return CompletableFuture.completedFuture(null);
        });
    }

    private static Lock lockedLock() {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        return lock;
    }

    private static void assertLate(boolean wins, CompletableFuture<?> future) {
        assertEquals(wins, ((LibraryFuture<?>) future).lateCancellationWins(), future::toString);
    }
}
