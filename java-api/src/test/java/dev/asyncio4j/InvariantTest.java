package dev.asyncio4j;

import static dev.asyncio4j.Testing.runSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Each primitive's {@code invariant()}, asserted at the end of every critical section that changes
 * its state: the tests run with assertions on, so a broken invariant fails the step that broke it.
 * These tests drive each primitive into the states where its invariant is least obvious and check
 * it there; every other test of the primitives checks it at each of its steps.
 */
class InvariantTest {

    /** Checks {@code s.invariant()} under its mutex, as the primitive's own asserts do. */
    private static void assertInvariant(Synchronizer s) {
        synchronized (s.mutex()) {
            assertTrue(s.invariant(), s::toString);
        }
    }

    @Test
    void assertionsAreOnInTests() {
        assertTrue(Synchronizer.class.desiredAssertionStatus(), "surefire must run with -ea");
    }

    @Test
    void aBrokenInvariantFailsTheCriticalSectionThatFindsIt() throws Exception {
        Semaphore sem = new Semaphore(0);
        CompletableFuture<Void> waiting = sem.acquireAsync(); // off-loop: pending
        Field granted = Semaphore.class.getDeclaredField("granted");
        granted.setAccessible(true);
        granted.setInt(sem, -1); // corrupt the bookkeeping behind the core's back
        assertThrows(AssertionError.class, sem::release); // the primitive's own critical section
        assertFalse(waiting.isDone());
        Semaphore other = new Semaphore(0);
        CompletableFuture<Void> cancelled = other.acquireAsync();
        granted.setInt(other, -1);
        assertThrows(AssertionError.class, () -> cancelled.cancel(false)); // the waiter core's critical section
    }

    @Test
    void lockLockedQueuedExactlyWhileSomebodyIsQueued() {
        Lock lock = new Lock();
        assertInvariant(lock);
        assertTrue(lock.tryAcquire());
        CompletableFuture<Void> first = lock.acquireAsync(), second = lock.acquireAsync();
        assertInvariant(lock);
        assertTrue(first.cancel(false)); // pending: withdrawn, one left queued
        assertInvariant(lock);
        lock.release(); // handed to the last waiter: locked, nobody queued
        assertTrue(second.isDone());
        assertTrue(lock.locked());
        assertInvariant(lock);
        lock.release();
        assertFalse(lock.locked());
        assertInvariant(lock);
    }

    @Test
    void semaphorePendingWaiterSeesFreePermitOnlyWhileAGrantIsUnresumed() {
        Semaphore sem = new Semaphore(1);
        CompletableFuture<?>[] f = new CompletableFuture<?>[2];
        runSteps(() -> {
            assertTrue(sem.tryAcquire());
            f[0] = sem.acquireAsync(); // a loop waiter: pending
            sem.release(); // granted, not resumed until the loop runs it
            sem.release(); // a free permit, but the semaphore stays contended
            f[1] = sem.acquireAsync(); // a newcomer queues behind the unresumed grant
            assertEquals(1, sem.availablePermits());
            assertInvariant(sem);
        }, () -> {
            assertTrue(f[0].isDone()); // its resumption passed the free permit to the newcomer
            assertInvariant(sem);
        }, () -> {
            assertTrue(f[1].isDone());
            assertEquals(0, sem.availablePermits());
            assertInvariant(sem);
        });
    }

    @Test
    void queueGetterAndPutterPendingAtOnceWhenEverySlotIsReserved() {
        Queue<String> q = new Queue<>(1);
        CompletableFuture<?>[] f = new CompletableFuture<?>[3];
        runSteps(() -> {
            q.putNowait("x");
            f[0] = q.putAsync("y"); // pending putters: full
            f[1] = q.putAsync("z");
            assertEquals("x", q.getNowait()); // y is granted the reserved slot; z still waits: full
            assertTrue(q.full());
            assertTrue(q.empty());
            f[2] = q.getAsync(); // empty: a getter waits beside a waiting putter
            assertInvariant(q);
        }, () -> {
            assertTrue(f[0].isDone()); // y entered, straight to the getter; z was granted the freed slot
            assertInvariant(q);
        }, () -> {
            assertEquals("y", f[2].getNow(null));
            assertTrue(f[1].isDone()); // z entered
            assertEquals(1, q.qsize());
            q.shutdown(true); // z discarded; nothing is left pending
            assertInvariant(q);
        });
    }

    @Test
    void barrierInvariantHoldsInEveryPhase() {
        Barrier b = new Barrier(2);
        CompletableFuture<?>[] f = new CompletableFuture<?>[4];
        runSteps(() -> {
            f[0] = b.waitAsync(); // FILLING: inside = waiting
            assertInvariant(b);
            f[1] = b.waitAsync(); // trips: DRAINING while the first party has not resumed
            f[2] = b.waitAsync(); // at the gate
            assertInvariant(b);
            b.reset(); // RESETTING: the unresumed party will fail
            assertInvariant(b);
        }, () -> {
            assertTrue(f[0].isCompletedExceptionally());
            assertInvariant(b); // FILLING again, the gate waiter admitted
        }, () -> {
            f[3] = b.waitAsync(); // the admitted gate waiter entered: this one trips
            b.abort(); // BROKEN, the released gate waiter still inside
            assertInvariant(b);
        }, () -> {
            assertTrue(f[2].isCompletedExceptionally()); // released by the trip, resumed after the abort
            assertInvariant(b);
            b.reset();
            assertInvariant(b);
        });
    }

    @Test
    void eventSetImpliesNoWaiters() {
        Event e = new Event();
        CompletableFuture<Void> w = e.waitAsync();
        assertInvariant(e);
        e.set();
        assertTrue(w.isDone());
        assertInvariant(e);
    }

    @Test
    void eventClearImpliesNoWaiterForTheClearedState() {
        Event e = new Event();
        e.set();
        WaiterFuture<Void> w = new WaiterFuture<>();
        assertFalse(WaiterSpi.waitForClear(e, w.waiter));
        assertInvariant(e);
        e.clear();
        assertTrue(w.isDone());
        assertInvariant(e);
    }

    @Test
    void conditionSignalQueueHoldsOnlyPendingWaiters() {
        Condition c = new Condition();
        CompletableFuture<?>[] f = new CompletableFuture<?>[2];
        runSteps(() -> {
            assertTrue(c.tryAcquire());
            f[0] = c.waitAsync(); // releases the lock, joins the signal queue
        }, () -> {
            assertTrue(c.tryAcquire());
            f[1] = c.waitAsync();
        }, () -> {
            assertTrue(c.tryAcquire());
            c.signal(); // the first leaves the signal queue at once
            assertInvariant(c);
            f[1].cancel(false); // a request: withdrawn from the signal queue
            assertInvariant(c);
            c.release();
        }, () -> assertInvariant(c));
    }
}
