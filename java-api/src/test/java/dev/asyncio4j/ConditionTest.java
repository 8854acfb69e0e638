package dev.asyncio4j;

import static dev.asyncio4j.Testing.assertCompletedByFreeingThread;
import static dev.asyncio4j.Testing.assertResumesOnThisLoop;
import static dev.asyncio4j.Testing.failure;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §5 (Condition) and the §2 rules as they apply to it. */
class ConditionTest {

    private final List<String> log = new ArrayList<>();
    private Condition cond;
    private CompletableFuture<Void> a, b, c, x;
    private boolean ready;

    /** Takes the (free) lock, then waits; logs the name once the wait completed normally. */
    private CompletableFuture<Void> lockAndWait(String name) {
        assertTrue(cond.tryAcquire());
        CompletableFuture<Void> f = cond.waitAsync();
        f.thenRun(() -> log.add(name));
        return f;
    }

    // --- the lock ---

    @Test
    void ownLockOrSharedLock() {
        Condition own = new Condition();
        assertFalse(own.locked());
        assertTrue(own.tryAcquire());
        assertTrue(own.locked());
        own.release();
        assertThrows(IllegalStateException.class, own::release);

        Lock lock = new Lock();
        Condition shared = new Condition(lock);
        assertTrue(lock.tryAcquire());
        assertTrue(shared.locked());
        assertFalse(shared.tryAcquire());
        shared.release();
        assertFalse(lock.locked());
    }

    @Test
    void withLockAsyncIsTheLocks() {
        Condition cnd = new Condition();
        CompletableFuture<String> r = cnd.withLockAsync(() -> {
            assertTrue(cnd.locked());
            return CompletableFuture.completedFuture("v");
        });
        assertEquals("v", r.join());
        assertFalse(cnd.locked());
    }

    // --- waitAsync ---

    @Test
    void waitWithoutTheLockFailsAndLeavesLockUntouched() {
        Condition cnd = new Condition();
        assertInstanceOf(IllegalStateException.class, failure(cnd.waitAsync()));
        assertFalse(cnd.locked());
        assertTrue(cnd.toString().endsWith("unlocked]"), "nobody joined the signal queue");
    }

    @Test
    void waitReleasesTheLockAndCompletesOnlyWhenSignalledAndHoldingItAgain() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertFalse(cond.locked(), "wait released the lock");
            assertTrue(cond.tryAcquire());
            cond.signal();
            assertFalse(a.isDone());
        }, () -> {
            assertFalse(a.isDone(), "signalled, but the lock is held");
            cond.release(); // hands the lock to a
            assertTrue(cond.locked());
        }, () -> {
            assertEquals(List.of("a"), log);
            assertTrue(cond.locked(), "a holds the lock");
        });
    }

    @Test
    void waitHandsTheLockToAQueuedAcquirer() {
        runSteps(() -> {
            cond = new Condition();
            assertTrue(cond.tryAcquire());
            x = cond.acquireAsync();
            a = cond.waitAsync();
            assertTrue(cond.locked(), "handed to x");
        }, () -> assertTrue(x.isDone()));
    }

    @Test
    void signalledWaitersResumeInFifoOrderAndTakeTheLockOneAtATime() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            b = lockAndWait("b");
            c = lockAndWait("c");
            for (CompletableFuture<Void> f : List.of(a, b, c)) {
                f.thenRun(() -> {
                    assertTrue(cond.locked());
                    cond.release();
                });
            }
            assertTrue(cond.tryAcquire());
            cond.signalAll();
            cond.release();
        }, () -> {
            assertEquals(List.of("a", "b", "c"), log);
            assertFalse(cond.locked());
        });
    }

    @Test
    void signalledWaiterQueuesForTheLockWhenItResumes() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            cond.signal();
            x = cond.acquireAsync(); // arrives between the signal and a's resumption
            x.thenRun(() -> log.add("x"));
            cond.release(); // to x
        }, () -> {
            assertEquals(List.of("x"), log, "x went first; a queued behind it");
            cond.release();
        }, () -> assertEquals(List.of("x", "a"), log));
    }

    // --- signal ---

    @Test
    void signalWithoutTheLockThrows() {
        Condition cnd = new Condition();
        assertThrows(IllegalStateException.class, cnd::signal);
        assertThrows(IllegalStateException.class, () -> cnd.signal(2));
        assertThrows(IllegalStateException.class, cnd::signalAll);
    }

    @Test
    void signalWakesTheFirstNStillWaitingAndSkipsSignalledOnes() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            b = lockAndWait("b");
            c = lockAndWait("c");
            for (CompletableFuture<Void> f : List.of(a, b, c)) f.thenRun(cond::release);
            assertTrue(cond.tryAcquire());
            cond.signal(0);
            cond.signal(-1);
            cond.signal(1);
            cond.signal(1); // b, not a again
            cond.release();
        }, () -> {
            assertEquals(List.of("a", "b"), log);
            assertFalse(c.isDone());
            assertTrue(cond.tryAcquire());
            cond.signal(5);
            cond.release();
        }, () -> assertEquals(List.of("a", "b", "c"), log));
    }

    @Test
    void signalDoesNotReleaseTheLock() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            cond.signal();
            assertTrue(cond.locked());
        }, () -> assertFalse(a.isDone()), () -> {
            assertFalse(a.isDone());
            cond.release();
        }, () -> assertTrue(a.isDone()));
    }

    // --- cancellation ---

    @Test
    void cancelWhileWaitingForASignalIsARequestThatEndsHoldingTheLock() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            assertTrue(a.cancel(false), "the wait is not complete: request taken");
            assertFalse(a.isDone(), "completes only once it holds the lock again");
            assertTrue(a.cancel(false), "a second request is still taken");
        }, () -> {
            assertFalse(a.isDone());
            cond.release(); // to a
        }, () -> {
            assertTrue(a.isCancelled());
            assertInstanceOf(CancellationException.class, failure(a));
            assertTrue(cond.locked(), "a holds the lock");
            assertEquals(List.of(), log);
        });
    }

    @Test
    void cancelWhileQueuedForTheLockStaysQueued() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            cond.signal();
        }, () -> {
            assertTrue(a.cancel(false));
            assertFalse(a.isDone());
        }, () -> {
            assertFalse(a.isDone(), "still queued for the lock");
            cond.release();
        }, () -> {
            assertInstanceOf(CancellationException.class, failure(a));
            assertTrue(cond.locked());
        });
    }

    @Test
    void taskCancellationKeepsItsMessage() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(((LibraryFuture<Void>) a).requestCancel("stop"));
        }, () -> {
            Throwable error = failure(a);
            assertInstanceOf(CancellationException.class, error);
            assertEquals("stop", error.getMessage());
            assertTrue(cond.locked());
        });
    }

    @Test
    void waitEndingWithAFailureSignalsAnotherWaiter() { // [3.13+]
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            b = lockAndWait("b");
            a.whenComplete((v, e) -> cond.release());
            b.whenComplete((v, e) -> cond.release());
            assertTrue(cond.tryAcquire());
            cond.signal(1); // consumed by a
            assertTrue(a.cancel(false));
            cond.release();
        }, () -> {
            assertInstanceOf(CancellationException.class, failure(a));
            assertFalse(b.isDone(), "a passed its signal on after re-acquiring");
        }, () -> assertEquals(List.of("b"), log));
    }

    @Test
    void timeoutThroughCompleteExceptionallyEndsHoldingTheLock() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            assertTrue(a.completeExceptionally(new TimeoutException()));
            assertFalse(a.isDone());
            cond.release();
        }, () -> {
            assertInstanceOf(TimeoutException.class, failure(a));
            assertTrue(cond.locked());
        });
    }

    @Test
    void cancelAfterCompletionIsTooLate() {
        runSteps(() -> {
            cond = new Condition();
            a = lockAndWait("a");
            assertTrue(cond.tryAcquire());
            cond.signal();
            cond.release();
        }, () -> {
            assertTrue(a.isDone());
            assertFalse(a.cancel(false));
            assertFalse(a.isCancelled());
        });
    }

    // --- waitForAsync ---

    @Test
    void waitForWithPredicateTrueCompletesAtOnceWithoutTheLock() {
        Condition cnd = new Condition();
        CompletableFuture<Void> f = cnd.waitForAsync(() -> true);
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        assertFalse(cnd.locked());
    }

    @Test
    void waitForWithPredicateFalseNeedsTheLock() {
        Condition cnd = new Condition();
        assertInstanceOf(IllegalStateException.class, failure(cnd.waitForAsync(() -> false)));
    }

    @Test
    void waitForReevaluatesAfterEachSignalUntilTrue() {
        AtomicInteger evaluations = new AtomicInteger();
        runSteps(() -> {
            cond = new Condition();
            assertTrue(cond.tryAcquire());
            a = cond.waitForAsync(() -> {
                evaluations.incrementAndGet();
                assertTrue(cond.locked(), "evaluated holding the lock");
                return ready;
            });
            assertEquals(1, evaluations.get());
            assertFalse(cond.locked());
            assertTrue(cond.tryAcquire());
            cond.signal();
            cond.release();
        }, () -> {
            assertEquals(2, evaluations.get());
            assertFalse(a.isDone());
            assertFalse(cond.locked(), "waiting again: lock released");
            assertTrue(cond.tryAcquire());
            ready = true;
            cond.signal();
            cond.release();
        }, () -> {
            assertEquals(3, evaluations.get());
            assertTrue(a.isDone() && !a.isCompletedExceptionally());
            assertTrue(cond.locked());
        });
    }

    @Test
    void waitForFailsWithThePredicatesErrorHoldingTheLock() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        runSteps(() -> {
            cond = new Condition();
            assertTrue(cond.tryAcquire());
            a = cond.waitForAsync(() -> {
                if (ready) throw boom;
                return false;
            });
            ready = true;
            assertTrue(cond.tryAcquire());
            cond.signal();
            cond.release();
        }, () -> {
            assertSame(boom, failure(a));
            assertTrue(cond.locked());
        });
    }

    @Test
    void waitForCancelledEndsHoldingTheLock() {
        runSteps(() -> {
            cond = new Condition();
            assertTrue(cond.tryAcquire());
            a = cond.waitForAsync(() -> false);
            assertTrue(a.cancel(false));
        }, () -> {
            assertInstanceOf(CancellationException.class, failure(a));
            assertTrue(cond.locked());
        });
    }

    // --- threads ---

    @Test
    void threadWaiterIsCompletedByTheThreadThatHandsItTheLock() {
        Condition cnd = new Condition();
        assertTrue(cnd.tryAcquire());
        CompletableFuture<Void> f = cnd.waitAsync();
        assertCompletedByFreeingThread(f, () -> {
            assertTrue(cnd.tryAcquire());
            cnd.signal();
            assertFalse(f.isDone(), "queued for the lock");
            cnd.release();
        });
        assertTrue(cnd.locked());
    }

    @Test
    void loopWaiterSignalledFromAnotherThreadResumesOnItsLoop() {
        runVirtual(() -> {
            Condition cnd = new Condition();
            assertTrue(cnd.tryAcquire());
            CompletableFuture<Void> f = cnd.waitAsync();
            return assertResumesOnThisLoop(f, () -> {
                cnd.acquireAsync().join();
                cnd.signal();
                cnd.release();
            }).thenRun(() -> assertTrue(cnd.locked()));
        });
    }

    @Test
    void toStringShowsLockAndWaiters() {
        runSteps(() -> {
            cond = new Condition();
            assertEquals("Condition[unlocked]", cond.toString());
            a = lockAndWait("a");
            assertEquals("Condition[unlocked, waiters:1]", cond.toString());
            assertTrue(cond.tryAcquire());
            assertEquals("Condition[locked, waiters:1]", cond.toString());
        });
    }
}
