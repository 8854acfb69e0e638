package dev.asyncio4j;

import static dev.asyncio4j.Testing.assertCompletedByFreeingThread;
import static dev.asyncio4j.Testing.assertResumesOnThisLoop;
import static dev.asyncio4j.Testing.failure;
import static dev.asyncio4j.Testing.onThread;
import static dev.asyncio4j.Testing.runVirtual;
import static dev.asyncio4j.Testing.runSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §6 (Semaphore) and the §2 rules as they apply to it. */
class SemaphoreTest {

    private final List<String> log = new ArrayList<>();
    private Semaphore sem;
    private CompletableFuture<Void> a, b, c, d;

    private CompletableFuture<Void> acquireLogged(String name) {
        CompletableFuture<Void> f = sem.acquireAsync();
        f.thenRun(() -> log.add(name));
        return f;
    }

    // --- construction and state ---

    @Test
    void defaultConstructorHasOnePermit() {
        Semaphore s = new Semaphore();
        assertEquals(1, s.availablePermits());
        assertFalse(s.locked());
        assertTrue(s.tryAcquire());
        assertTrue(s.locked());
        assertFalse(s.tryAcquire());
    }

    @Test
    void negativeInitialValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals(0, new Semaphore(0).availablePermits());
        assertTrue(new Semaphore(0).locked());
    }

    @Test
    void lockedWhenNoPermitIsFree() {
        Semaphore s = new Semaphore(2);
        assertTrue(s.tryAcquire());
        assertFalse(s.locked());
        assertEquals(1, s.availablePermits());
        assertTrue(s.tryAcquire());
        assertTrue(s.locked());
        assertEquals(0, s.availablePermits());
    }

    // --- acquire ---

    @Test
    void acquireWithFreePermitCompletesAtOnce() {
        runVirtual(() -> {
            Semaphore s = new Semaphore(1);
            CompletableFuture<Void> f = s.acquireAsync();
            assertTrue(f.isDone());
            assertEquals(0, s.availablePermits());
            return f;
        });
    }

    @Test
    void acquireQueuesWhenLockedAndCompletesOnLaterIterationAfterRelease() {
        runSteps(() -> {
            sem = new Semaphore(1);
            a = sem.acquireAsync();
            b = sem.acquireAsync();
            assertFalse(b.isDone());
            sem.release();
            assertFalse(b.isDone(), "never resumed inside release()");
            assertEquals(0, sem.availablePermits(), "the permit was handed to b");
            assertTrue(sem.locked());
        }, () -> assertTrue(b.isDone() && !b.isCompletedExceptionally()));
    }

    @Test
    void releaseHandsPermitsToWaitersInFifoOrder() {
        runSteps(() -> {
            sem = new Semaphore(0);
            a = acquireLogged("a");
            b = acquireLogged("b");
            c = acquireLogged("c");
            sem.release();
            sem.release();
        }, () -> {
            assertEquals(List.of("a", "b"), log);
            sem.release();
        }, () -> assertEquals(List.of("a", "b", "c"), log));
    }

    @Test
    void tryAcquireFailsWhileAWaiterIsPendingOrGranted() {
        runSteps(() -> {
            sem = new Semaphore(1);
            assertTrue(sem.tryAcquire());
            a = sem.acquireAsync();
            sem.release(); // to a, granted, not resumed
            sem.release(); // free: nobody pending
            assertEquals(1, sem.availablePermits());
            assertTrue(sem.locked(), "a granted waiter has not resumed");
            assertFalse(sem.tryAcquire(), "no barging past a granted waiter");
            b = sem.acquireAsync();
            assertFalse(b.isDone(), "a newcomer queues behind");
        }, () -> {
            assertTrue(a.isDone());
            assertEquals(0, sem.availablePermits(), "a's resumption passed the free permit to b");
        }, () -> assertTrue(b.isDone()));
    }

    @Test
    void lockedWhileGrantedWaiterHasNotResumed() {
        runSteps(() -> {
            sem = new Semaphore(1);
            assertTrue(sem.tryAcquire());
            a = sem.acquireAsync();
            sem.release();
            sem.release();
            assertTrue(sem.locked());
            assertEquals(1, sem.availablePermits());
        }, () -> {
            assertFalse(sem.locked());
            assertTrue(sem.tryAcquire());
        });
    }

    @Test
    void resumedWaiterPassesEveryFreePermitToPendingWaiters() { // [3.13+]
        runSteps(() -> {
            sem = new Semaphore(0);
            a = acquireLogged("a");
            sem.release(); // a granted
            sem.release();
            sem.release(); // two free, a not resumed
            b = acquireLogged("b");
            c = acquireLogged("c");
            d = acquireLogged("d");
            assertEquals(2, sem.availablePermits());
        }, () -> {
            assertEquals(List.of("a"), log);
            assertEquals(0, sem.availablePermits(), "a's resumption granted b and c");
            assertFalse(d.isDone());
        }, () -> {
            assertEquals(List.of("a", "b", "c"), log);
            assertFalse(d.isDone());
            assertTrue(sem.locked());
        });
    }

    @Test
    void plainSemaphoreMayGrowPastItsInitialValue() {
        Semaphore s = new Semaphore(1);
        s.release();
        s.release();
        assertEquals(3, s.availablePermits());
    }

    @Test
    void anyThreadMayRelease() {
        Semaphore s = new Semaphore(1);
        assertTrue(s.tryAcquire());
        onThread(s::release);
        assertEquals(1, s.availablePermits());
    }

    // --- cancellation ---

    @Test
    void cancelledPendingWaiterLeavesQueueAndNeverAbsorbsARelease() {
        runSteps(() -> {
            sem = new Semaphore(0);
            a = acquireLogged("a");
            b = acquireLogged("b");
            assertTrue(a.cancel(false));
            assertTrue(a.isCancelled());
            sem.release();
        }, () -> {
            assertEquals(List.of("b"), log);
            assertEquals(0, sem.availablePermits());
        });
    }

    @Test
    void cancelledAfterGrantPassesPermitToNextWaiter() {
        runSteps(() -> {
            sem = new Semaphore(0);
            a = acquireLogged("a");
            b = acquireLogged("b");
            sem.release(); // to a
            assertTrue(a.cancel(false), "granted, not resumed: cancellable");
            assertInstanceOf(CancellationException.class, failure(a));
            assertEquals(0, sem.availablePermits(), "the permit went to b");
        }, () -> {
            assertEquals(List.of("b"), log);
            assertTrue(sem.locked());
        });
    }

    @Test
    void aThreadWaiterHoldsItsPermitFromTheGrant() {
        Semaphore threads = new Semaphore(0); // futures made off any loop: thread waiters
        CompletableFuture<Void> first = threads.acquireAsync();
        CompletableFuture<Void> second = threads.acquireAsync();
        List<String> seen = new ArrayList<>();
        first.thenRun(() -> {
            // Inside the dispatch of `first`: this release grants `second`, whose delivery waits
            // behind this one on this thread. Its permit is held already, not "granted, pending".
            threads.release();
            threads.release(); // nobody else waits: a free permit, takeable at once
            seen.add("tryAcquire: " + threads.tryAcquire());
            seen.add("timeout won: " + second.completeExceptionally(new java.util.concurrent.TimeoutException()));
            seen.add("done: " + second.isDone() + ", failed: " + second.isCompletedExceptionally());
        });
        threads.release();
        assertEquals(List.of("tryAcquire: true", "timeout won: false", "done: true, failed: false"), seen);
        assertEquals(0, threads.availablePermits());
        threads.release();
        threads.release();
        assertEquals(2, threads.availablePermits(), "nothing was lost");
    }

    @Test
    void cancelledAfterGrantWithNobodyWaitingFreesPermit() {
        runSteps(() -> {
            sem = new Semaphore(0);
            a = sem.acquireAsync();
            sem.release();
            assertTrue(a.cancel(false));
            assertEquals(1, sem.availablePermits());
        }, () -> {
            assertFalse(sem.locked());
            assertTrue(sem.tryAcquire());
        });
    }

    @Test
    void cancelledAfterGrantPassesFreePermitsToAllPendingItCan() { // [3.13+]
        runSteps(() -> {
            sem = new Semaphore(0);
            a = acquireLogged("a");
            sem.release(); // a granted
            sem.release(); // one free, a not resumed
            b = acquireLogged("b");
            c = acquireLogged("c");
            d = acquireLogged("d");
            assertTrue(a.cancel(false)); // a's permit back: two free, to b and c
            assertEquals(0, sem.availablePermits());
        }, () -> assertEquals(List.of("b", "c"), log));
    }

    @Test
    void cancelAfterResumeIsTooLate() {
        runSteps(() -> {
            sem = new Semaphore(0);
            a = sem.acquireAsync();
            sem.release();
        }, () -> {
            assertFalse(a.cancel(false));
            assertFalse(a.isCancelled());
            assertTrue(sem.locked(), "the caller holds the permit");
        });
    }

    // --- withPermitAsync ---

    @Test
    void withPermitHoldsPermitDuringBodyAndReleasesAfter() {
        runVirtual(() -> {
            Semaphore s = new Semaphore(1);
            CompletableFuture<String> r = s.withPermitAsync(() -> {
                assertTrue(s.locked());
                return Testing.yields(1).thenApply(v -> "done");
            });
            return r.thenAccept(v -> {
                assertEquals("done", v);
                assertEquals(1, s.availablePermits());
            });
        });
    }

    @Test
    void withPermitReleasesWhenBodyThrowsOrFails() {
        Semaphore s = new Semaphore(1);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> thrown = s.withPermitAsync(() -> {
            throw boom;
        });
        assertSame(boom, failure(thrown));
        assertEquals(1, s.availablePermits());
        CompletableFuture<Object> failed = s.withPermitAsync(() -> CompletableFuture.failedFuture(boom));
        assertSame(boom, failure(failed));
        assertEquals(1, s.availablePermits());
    }

    @Test
    void withPermitCancelledWhileAcquiringNeverRunsBody() {
        runSteps(() -> {
            sem = new Semaphore(0);
            CompletableFuture<String> r = sem.withPermitAsync(() -> {
                log.add("body");
                return CompletableFuture.completedFuture("x");
            });
            assertTrue(r.cancel(false));
            sem.release();
        }, () -> {
            assertEquals(List.of(), log);
            assertEquals(1, sem.availablePermits());
        });
    }

    // --- threads ---

    @Test
    void threadWaiterIsCompletedByTheReleasingThread() {
        Semaphore s = new Semaphore(0);
        assertCompletedByFreeingThread(s.acquireAsync(), s::release);
        assertEquals(0, s.availablePermits());
    }

    @Test
    void loopWaiterGrantedFromAnotherThreadResumesOnItsLoop() {
        runVirtual(() -> {
            Semaphore s = new Semaphore(0);
            return assertResumesOnThisLoop(s.acquireAsync(), s::release);
        });
    }

    @Test
    void toStringShowsStateValueAndWaiters() {
        runSteps(() -> {
            sem = new Semaphore(2);
            assertEquals("Semaphore[unlocked, value:2]", sem.toString());
            sem.tryAcquire();
            sem.tryAcquire();
            a = sem.acquireAsync();
            assertEquals("Semaphore[locked, value:0, waiters:1]", sem.toString());
        });
    }
}
