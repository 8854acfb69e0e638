package dev.asyncio4j;

import static dev.asyncio4j.Testing.inIteration;
import static dev.asyncio4j.Testing.runOneIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md §3 (Lock) and the rules of §1.4 and §2 as they apply to a Lock. Loop waiters are
 * made inside loop callbacks and the loop is driven one iteration at a time; thread waiters are
 * made on the test thread, which runs no loop.
 */
class LockTest {

    private static final long PATIENCE_SECONDS = 10;

    private final List<EventLoop> loops = new ArrayList<>();
    private final Lock lock = new Lock();

    @AfterEach
    void closeLoops() {
        for (EventLoop loop : loops) loop.close();
    }

    private EventLoop virtualLoop() {
        EventLoop loop = EventLoop.withVirtualClock();
        loops.add(loop);
        return loop;
    }


    /** Runs {@code body} on a started loop's thread and waits for its result. */
    static <T> T onLoopThread(EventLoop loop, Supplier<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoon(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    // =============================================================================================
    @Nested
    class State {

        @Test
        void newLockIsUnlocked() {
            assertFalse(lock.locked());
            assertEquals("Lock[unlocked]", lock.toString());
        }

        @Test
        void acquireOnAnUnlockedLockReturnsACompleteFutureAndLocks() {
            CompletableFuture<Void> f = lock.acquireAsync();
            assertTrue(f.isDone());
            assertFalse(f.isCompletedExceptionally());
            assertNull(f.join());
            assertTrue(lock.locked());
            assertEquals("Lock[locked]", lock.toString());
        }

        @Test
        void tryAcquireOnAnUnlockedLockLocksAndReturnsTrue() {
            assertTrue(lock.tryAcquire());
            assertTrue(lock.locked());
        }

        @Test
        void tryAcquireOnALockedLockReturnsFalseAndNeverQueues() {
            lock.acquireAsync();
            assertFalse(lock.tryAcquire());
            lock.release();
            assertFalse(lock.locked(), "a failed tryAcquire left nothing queued to hand the lock to");
        }

        @Test
        void acquireOnALockedLockQueuesUntilReleased() {
            lock.acquireAsync();
            CompletableFuture<Void> f = lock.acquireAsync();
            assertFalse(f.isDone());
            assertEquals("Lock[locked, waiters:1]", lock.toString());
            lock.release();
            assertTrue(f.isDone());
            assertTrue(lock.locked());
        }

        @Test
        void releaseOfAnUnlockedLockThrowsIllegalStateException() {
            assertThrows(IllegalStateException.class, lock::release);
            lock.acquireAsync();
            lock.release();
            assertThrows(IllegalStateException.class, lock::release);
            assertFalse(lock.locked());
        }

        @Test
        void releaseWithNobodyWaitingUnlocks() {
            lock.acquireAsync();
            lock.release();
            assertFalse(lock.locked());
            assertTrue(lock.tryAcquire());
        }

        @Test
        void lockedStaysTrueUntilAReleaseFindsNobodyWaiting() {
            lock.acquireAsync();
            CompletableFuture<Void> a = lock.acquireAsync();
            CompletableFuture<Void> b = lock.acquireAsync();
            lock.release();
            assertTrue(lock.locked());
            lock.release();
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
            assertTrue(a.isDone() && b.isDone());
        }

        @Test
        void anyThreadMayRelease() throws Exception {
            lock.acquireAsync();
            Thread other = new Thread(lock::release);
            other.start();
            other.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            assertFalse(lock.locked());
        }

        @Test
        void aTaskOnOneLoopMayReleaseALockAcquiredOnAnother() {
            EventLoop a = virtualLoop();
            EventLoop b = virtualLoop();
            assertTrue(inIteration(a, () -> lock.acquireAsync().isDone()));
            inIteration(b, () -> {
                lock.release();
                return null;
            });
            assertFalse(lock.locked());
        }
    }

    // =============================================================================================
    @Nested
    class HandOffAndFairness {

        @Test
        void releaseHandsTheLockToTheFirstWaiterAndItStaysLocked() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            CompletableFuture<Void> waiter = inIteration(loop, () -> {
                lock.acquireAsync();
                CompletableFuture<Void> w = lock.acquireAsync();
                w.thenRun(() -> log.add("waiter resumed, locked=" + lock.locked()));
                lock.release();
                log.add("released, locked=" + lock.locked() + ", waiter done=" + w.isDone());
                return w;
            });
            assertEquals(List.of("released, locked=true, waiter done=false"), log);
            assertTrue(lock.locked());
            runOneIteration(loop);
            assertTrue(waiter.isDone());
            assertEquals("waiter resumed, locked=true", log.get(1));
        }

        @Test
        void tryAcquireFailsWhileTheLockIsHandedOverButTheWaiterHasNotResumed() {
            EventLoop loop = virtualLoop();
            boolean newcomerGotIt = inIteration(loop, () -> {
                lock.acquireAsync();
                lock.acquireAsync();
                lock.release();
                return lock.tryAcquire();
            });
            assertFalse(newcomerGotIt);
        }

        @Test
        void tryAcquireFailsWhileAnyoneIsQueued() {
            lock.acquireAsync();
            lock.acquireAsync();
            assertFalse(lock.tryAcquire());
        }

        @Test
        void acquireQueuesBehindAHandedOverWaiterInsteadOfBarging() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            inIteration(loop, () -> {
                lock.acquireAsync();
                lock.acquireAsync().thenRun(() -> {
                    log.add("first");
                    lock.release();
                });
                lock.release();
                CompletableFuture<Void> newcomer = lock.acquireAsync();
                log.add("newcomer done=" + newcomer.isDone());
                newcomer.thenRun(() -> {
                    log.add("newcomer");
                    lock.release();
                });
                return null;
            });
            runOneIteration(loop);
            runOneIteration(loop);
            assertEquals(List.of("newcomer done=false", "first", "newcomer"), log);
            assertFalse(lock.locked());
        }

        @Test
        void waitersAreGrantedInArrivalOrder() {
            EventLoop loop = virtualLoop();
            List<Integer> order = new ArrayList<>();
            inIteration(loop, () -> {
                lock.acquireAsync();
                for (int i = 0; i < 10; i++) {
                    int id = i;
                    lock.acquireAsync().thenRun(() -> {
                        order.add(id);
                        lock.release();
                    });
                }
                lock.release();
                return null;
            });
            for (int i = 0; i < 10; i++) runOneIteration(loop);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order);
            assertFalse(lock.locked());
        }

        @Test
        void oneFifoQueueIsSharedByTwoLoopsAndAThread() throws Exception {
            EventLoop a = EventLoop.withVirtualClock().start();
            EventLoop b = EventLoop.withVirtualClock().start();
            loops.add(a);
            loops.add(b);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> done = new ArrayList<>();
            lock.acquireAsync();
            for (int round = 0; round < 3; round++) {
                String r = "" + round;
                done.add(onLoopThread(a, () -> grantLogged(order, "A" + r, a)));
                done.add(grantLogged(order, "T" + r, null));
                done.add(onLoopThread(b, () -> grantLogged(order, "B" + r, b)));
            }
            lock.release();
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("A0", "T0", "B0", "A1", "T1", "B1", "A2", "T2", "B2"), order);
            assertFalse(lock.locked());
        }

        /** Queues an acquire that logs {@code name}, checks where it resumed, and releases. */
        private CompletableFuture<Void> grantLogged(List<String> order, String name, EventLoop expectedLoop) {
            return lock.acquireAsync().thenRun(() -> {
                order.add(expectedLoop == null || expectedLoop.inLoopThread() ? name : name + " on a wrong thread");
                lock.release();
            });
        }
    }

    // =============================================================================================
    @Nested
    class Cancellation {

        @Test
        void cancellingAPendingWaiterRemovesItAndNothingElseChanges() {
            lock.acquireAsync();
            CompletableFuture<Void> a = lock.acquireAsync();
            CompletableFuture<Void> b = lock.acquireAsync();
            CompletableFuture<Void> c = lock.acquireAsync();
            assertTrue(b.cancel(false));
            assertTrue(b.isCancelled());
            assertTrue(lock.locked());
            assertEquals("Lock[locked, waiters:2]", lock.toString());
            lock.release();
            assertTrue(a.isDone());
            assertFalse(c.isDone());
            lock.release();
            assertTrue(c.isDone() && !c.isCompletedExceptionally());
            lock.release();
            assertFalse(lock.locked());
        }

        @Test
        void aThreadWaiterHoldsTheLockFromItsGrantSoAGiveUpAfterItIsTooLate() {
            lock.acquireAsync();
            CompletableFuture<Void> first = lock.acquireAsync();
            CompletableFuture<Void> second = lock.acquireAsync();
            List<String> seen = new ArrayList<>();
            first.thenRun(() -> {
                // Runs inside the dispatch of `first`: releasing grants `second`, whose delivery
                // waits behind this one on this thread. Giving it up now is too late.
                lock.release();
                seen.add("timeout won: " + second.completeExceptionally(new TimeoutException()));
                seen.add("cancel won: " + second.cancel(false));
                seen.add("done: " + second.isDone() + ", failed: " + second.isCompletedExceptionally());
            });
            lock.release();
            assertEquals(List.of("timeout won: false", "cancel won: false", "done: true, failed: false"), seen);
            assertTrue(lock.locked(), "second holds the lock");
            lock.release();
            assertFalse(lock.locked(), "nothing was lost");
        }

        @Test
        void cancellingTheOnlyPendingWaiterLeavesTheLockHeld() {
            lock.acquireAsync();
            CompletableFuture<Void> a = lock.acquireAsync();
            assertTrue(a.cancel(true));
            assertTrue(lock.locked());
            assertFalse(lock.tryAcquire());
            lock.release();
            assertFalse(lock.locked(), "the cancelled waiter absorbed nothing");
        }

        @Test
        void aCancelledWaiterFutureIsDoneWhenCancelReturns() {
            lock.acquireAsync();
            CompletableFuture<Void> a = lock.acquireAsync();
            a.cancel(false);
            assertTrue(a.isDone());
            assertThrows(CancellationException.class, a::join);
        }

        @Test
        void cancellingAfterTheGrantPassesTheLockToTheNextLiveWaiter() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            inIteration(loop, () -> {
                lock.acquireAsync();
                CompletableFuture<Void> first = lock.acquireAsync();
                CompletableFuture<Void> dead = lock.acquireAsync();
                CompletableFuture<Void> second = lock.acquireAsync();
                first.whenComplete((v, e) -> log.add("first " + (e == null ? "resumed" : "failed")));
                second.thenRun(() -> log.add("second resumed"));
                dead.cancel(false);
                lock.release();           // granted to first, which has not resumed
                log.add("cancel after grant: " + first.cancel(false));
                log.add("second done=" + second.isDone() + ", locked=" + lock.locked());
                return null;
            });
            runOneIteration(loop);
            // "first failed" comes first: cancel() completes the future, and its stage runs inline.
            assertEquals(List.of("first failed", "cancel after grant: true", "second done=false, locked=true",
                    "second resumed"), log);
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        }

        @Test
        void cancellingAfterTheGrantWithNobodyElseWaitingUnlocks() {
            EventLoop loop = virtualLoop();
            boolean cancelled = inIteration(loop, () -> {
                lock.acquireAsync();
                CompletableFuture<Void> w = lock.acquireAsync();
                lock.release();
                return w.cancel(false);
            });
            assertTrue(cancelled);
            assertFalse(lock.locked());
            runOneIteration(loop); // the scheduled resumption finds the waiter cancelled: nothing happens
            assertFalse(lock.locked());
            assertTrue(lock.tryAcquire());
        }

        @Test
        void cancellingAfterTheWaiterResumedReturnsFalseAndTheCallerHoldsTheLock() {
            lock.acquireAsync();
            CompletableFuture<Void> w = lock.acquireAsync();
            lock.release(); // a thread waiter resumes inside release()
            assertTrue(w.isDone());
            assertFalse(w.cancel(false));
            assertFalse(w.isCancelled());
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        }

        @Test
        void cancellingAnAcquireThatTookTheFastPathReturnsFalse() {
            CompletableFuture<Void> f = lock.acquireAsync();
            assertFalse(f.cancel(false));
            assertTrue(lock.locked());
        }

        @Test
        void completingAPendingWaiterExceptionallyFromOutsideWithdrawsIt() {
            lock.acquireAsync();
            CompletableFuture<Void> w = lock.acquireAsync();
            assertTrue(w.completeExceptionally(new IllegalArgumentException("gave up")));
            lock.release();
            assertFalse(lock.locked(), "the withdrawn waiter was not handed the lock");
        }

        @Test
        void completingAPendingWaiterNormallyFromOutsideWithdrawsItAndIsRefused() {
            lock.acquireAsync();
            CompletableFuture<Void> w = lock.acquireAsync();
            assertFalse(w.complete(null), "a normal completion would say the caller holds the lock");
            assertTrue(w.isCancelled());
            lock.release();
            assertFalse(lock.locked());
        }

        @Test
        void orTimeoutOnAPendingWaiterWithdrawsItWhenItFires() {
            lock.acquireAsync();
            CompletableFuture<Void> w = lock.acquireAsync().orTimeout(1, TimeUnit.NANOSECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            lock.release();
            assertFalse(lock.locked());
        }

        @Test
        void completingAGrantedWaiterFromOutsidePassesTheLockOn() {
            EventLoop loop = virtualLoop();
            CompletableFuture<Void> next = inIteration(loop, () -> {
                lock.acquireAsync();
                CompletableFuture<Void> w = lock.acquireAsync();
                CompletableFuture<Void> n = lock.acquireAsync();
                lock.release();
                w.completeExceptionally(new IllegalArgumentException("gave up after the grant"));
                return n;
            });
            runOneIteration(loop);
            assertTrue(next.isDone() && !next.isCompletedExceptionally());
            lock.release();
            assertFalse(lock.locked());
        }
    }

    // =============================================================================================
    @Nested
    class WithLock {

        @Test
        void withLockRunsTheBodyHoldingTheLockAndReleasesWithItsValue() {
            CompletableFuture<Boolean> body = new CompletableFuture<>();
            CompletableFuture<Boolean> r = lock.withLockAsync(() -> {
                assertTrue(lock.locked());
                return body;
            });
            assertTrue(lock.locked());
            assertFalse(r.isDone());
            body.complete(true);
            assertTrue(r.join());
            assertFalse(lock.locked());
        }

        @Test
        void withLockWaitsForTheLockBeforeCallingTheBody() {
            lock.acquireAsync();
            AtomicBoolean called = new AtomicBoolean();
            CompletableFuture<String> r = lock.withLockAsync(() -> {
                called.set(true);
                return CompletableFuture.completedFuture("v");
            });
            assertFalse(called.get());
            lock.release();
            assertTrue(called.get());
            assertEquals("v", r.join());
            assertFalse(lock.locked());
        }

        @Test
        void withLockBodyThatThrowsFailsTheResultAndReleases() {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            CompletableFuture<Object> r = lock.withLockAsync(() -> {
                throw boom;
            });
            CompletionException e = assertThrows(CompletionException.class, r::join);
            assertSame(boom, e.getCause());
            assertFalse(lock.locked());
        }

        @Test
        void withLockBodyReturningNullFailsWithNullPointerExceptionAndReleases() {
            CompletableFuture<Object> r = lock.withLockAsync(() -> null);
            CompletionException e = assertThrows(CompletionException.class, r::join);
            assertInstanceOf(NullPointerException.class, e.getCause());
            assertFalse(lock.locked());
        }

        @Test
        void withLockBodyWhoseStageFailsFailsTheResultAndReleases() {
            IllegalStateException boom = new IllegalStateException("stage failed");
            CompletableFuture<Object> r = lock.withLockAsync(() -> CompletableFuture.failedFuture(boom));
            CompletionException e = assertThrows(CompletionException.class, r::join);
            assertSame(boom, e.getCause());
            assertFalse(lock.locked());
        }

        @Test
        void withLockNullBodyFailsTheFutureAndLeavesTheLockAsItWas() {
            CompletableFuture<Object> r = lock.withLockAsync(null);
            CompletionException e = assertThrows(CompletionException.class, r::join);
            assertInstanceOf(NullPointerException.class, e.getCause());
            assertFalse(lock.locked());
        }

        @Test
        void withLockWhoseAcquireIsCancelledNeverCallsTheBody() {
            lock.acquireAsync();
            AtomicBoolean called = new AtomicBoolean();
            CompletableFuture<String> r = lock.withLockAsync(() -> {
                called.set(true);
                return CompletableFuture.completedFuture("v");
            });
            assertTrue(r.cancel(false));
            assertTrue(r.isCancelled());
            lock.release();
            assertFalse(called.get());
            assertFalse(lock.locked());
        }

        @Test
        void withLockCancelledAfterTheGrantNeverCallsTheBodyAndPassesTheLockOn() {
            EventLoop loop = virtualLoop();
            AtomicBoolean called = new AtomicBoolean();
            CompletableFuture<Void> next = inIteration(loop, () -> {
                lock.acquireAsync();
                CompletableFuture<String> r = lock.withLockAsync(() -> {
                    called.set(true);
                    return CompletableFuture.completedFuture("v");
                });
                CompletableFuture<Void> n = lock.acquireAsync();
                lock.release();
                assertTrue(r.cancel(false));
                return n;
            });
            runOneIteration(loop);
            assertFalse(called.get());
            assertTrue(next.isDone());
            lock.release();
            assertFalse(lock.locked());
        }
    }

    // =============================================================================================
    @Nested
    class WhereWaitersResume {

        @Test
        void aLoopWaiterResumesOnALaterIterationNeverInsideRelease() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            inIteration(loop, () -> {
                lock.acquireAsync();
                lock.acquireAsync().thenRun(() -> log.add("resumed"));
                log.add("before release");
                lock.release();
                log.add("after release");
                loop.callSoon(() -> log.add("queued after the release"));
                return null;
            });
            assertEquals(List.of("before release", "after release"), log);
            runOneIteration(loop);
            assertEquals(List.of("before release", "after release", "resumed", "queued after the release"), log);
        }

        @Test
        void loopWaitersResumeInTheOrderTheyWereGrantedThroughTheReadyQueue() {
            EventLoop loop = virtualLoop();
            Lock other = new Lock();
            List<String> log = new ArrayList<>();
            inIteration(loop, () -> {
                lock.acquireAsync();
                other.acquireAsync();
                lock.acquireAsync().thenRun(() -> log.add("lock waiter"));
                other.acquireAsync().thenRun(() -> log.add("other waiter"));
                other.release();
                loop.callSoon(() -> log.add("callback"));
                lock.release();
                return null;
            });
            runOneIteration(loop);
            assertEquals(List.of("other waiter", "callback", "lock waiter"), log);
        }

        @Test
        void aThreadWaiterIsCompletedByTheReleasingThreadOnceTheLockIsConsistent() throws Exception {
            lock.acquireAsync();
            AtomicReference<String> seen = new AtomicReference<>();
            CompletableFuture<Void> w = lock.acquireAsync();
            w.thenRun(() -> seen.set(Thread.currentThread().getName() + " locked=" + lock.locked()
                    + " " + lock));
            Thread releaser = new Thread(lock::release, "releaser");
            releaser.start();
            releaser.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            assertEquals("releaser locked=true Lock[locked]", seen.get());
        }

        @Test
        void aLoopWaiterGrantedFromAnotherThreadResumesOnItsLoopThread() throws Exception {
            EventLoop loop = EventLoop.withVirtualClock().start();
            loops.add(loop);
            lock.acquireAsync();
            CompletableFuture<Boolean> resumedOnLoop = onLoopThread(loop,
                    () -> lock.acquireAsync().thenApply(v -> loop.inLoopThread()));
            lock.release();
            assertTrue(resumedOnLoop.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }

        @Test
        void aChainOf100000ThreadWaitersEachReleasingInItsContinuationDoesNotGrowTheStack() {
            int n = 100_000;
            AtomicInteger resumed = new AtomicInteger();
            lock.acquireAsync();
            List<CompletableFuture<Void>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(lock.acquireAsync().thenRun(() -> {
                    resumed.incrementAndGet();
                    lock.release();
                }));
            }
            lock.release();
            assertEquals(n, resumed.get());
            for (CompletableFuture<Void> f : all) assertFalse(f.isCompletedExceptionally());
            assertFalse(lock.locked());
        }

        @Test
        void aChainOf100000LoopWaitersEachReleasingInItsContinuationDoesNotGrowTheStack() {
            int n = 100_000;
            EventLoop loop = virtualLoop();
            AtomicInteger resumed = new AtomicInteger();
            inIteration(loop, () -> {
                lock.acquireAsync();
                for (int i = 0; i < n; i++) {
                    lock.acquireAsync().thenRun(() -> {
                        if (resumed.incrementAndGet() == n) loop.stop();
                        lock.release();
                    });
                }
                lock.release();
                return null;
            });
            loop.runForever();
            assertEquals(n, resumed.get());
            assertFalse(lock.locked());
        }
    }
}
