package dev.asyncio4j;

import static dev.asyncio4j.Testing.runOneIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The waiter core (Waiter, WaiterQueue, Synchronizer): the state diagram of a waiter, O(1) removal,
 * dispatch order and trampolining. Exercised through a minimal primitive that records its hooks.
 */
class WaiterCoreTest {

    /** A primitive that only queues; its hooks record what the core asked of it. */
    static final class Recorder extends Synchronizer {
        final WaiterQueue queue = new WaiterQueue();
        final List<String> hooks = new ArrayList<>();

        @Override
        boolean invariant() {
            return true; // it only records: no state of its own
        }

        @Override
        WaiterQueue queueOf(Waiter<?> w) {
            return queue;
        }

        @Override
        Waiter<?> withdrawn(Waiter<?> w) {
            hooks.add("withdrawn " + w);
            return null;
        }

        @Override
        Waiter<?> grantCancelled(Waiter<?> w) {
            hooks.add("grantCancelled " + w);
            return null;
        }

        @Override
        void resumedHook(Waiter<?> w) {
            hooks.add("resumedHook " + w);
        }

        /** Grants the first pending waiter, under the mutex; returns the chain to dispatch. */
        Waiter<?> grantFirst(String value, Waiter<?> chain) {
            synchronized (mutex()) {
                Waiter<String> w = queue.poll();
                return w == null ? chain : w.grant(value, chain);
            }
        }
    }

    /** A waiter that logs its resumption. */
    static final class Logged extends Waiter<String> {
        final String name;
        final List<String> log;

        Logged(String name, List<String> log) {
            super(true);
            this.name = name;
            this.log = log;
        }

        @Override
        protected void resumed(String value) {
            log.add(name + "=" + value);
        }

        @Override
        protected void failed(Throwable error) {
            log.add(name + " failed " + error.getMessage());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Recorder sync = new Recorder();
    private final List<String> log = new ArrayList<>();

    private Logged enqueue(String name) {
        Logged w = new Logged(name, log);
        synchronized (sync.mutex()) {
            sync.enqueue(sync.queue, w);
        }
        return w;
    }

    @Test
    void cancellingAPendingWaiterUnlinksItAndCallsWithdrawn() {
        Logged a = enqueue("a"), b = enqueue("b"), c = enqueue("c");
        assertTrue(b.cancel());
        assertTrue(b.isSettled());
        assertEquals(List.of("withdrawn b"), sync.hooks);
        assertEquals(2, sync.queue.size());
        Waiter.dispatch(sync.grantFirst("1", sync.grantFirst("2", null)));
        assertEquals(List.of("a=2", "c=1"), log);
        assertFalse(a.cancel());
        assertFalse(c.cancel());
    }

    @Test
    void cancellingTwiceReturnsFalseTheSecondTime() {
        Logged a = enqueue("a");
        assertTrue(a.cancel());
        assertFalse(a.cancel());
        assertEquals(List.of("withdrawn a"), sync.hooks);
    }

    @Test
    void aWaiterNeverEnqueuedCancelsOnce() {
        Logged w = new Logged("w", log);
        assertFalse(w.isSettled());
        assertTrue(w.cancel());
        assertFalse(w.cancel());
        assertTrue(w.isSettled());
    }

    @Test
    void cancellingAGrantedWaiterBeforeItResumesCallsGrantCancelledAndItNeverResumes() {
        EventLoop loop = EventLoop.withVirtualClock();
        try {
            Logged[] w = new Logged[1];
            Testing.inIteration(loop, () -> {
                w[0] = enqueue("w");
                Waiter.dispatch(sync.grantFirst("v", null)); // a loop waiter: resumption is scheduled
                assertTrue(w[0].cancel());
                return null;
            });
            runOneIteration(loop);
            assertEquals(List.of("grantCancelled w"), sync.hooks);
            assertEquals(List.of(), log);
            assertFalse(w[0].cancel());
        } finally {
            loop.close();
        }
    }

    @Test
    void cancellingAWaiterGrantedAFailureDoesNotPassAnythingOn() {
        EventLoop loop = EventLoop.withVirtualClock();
        try {
            Testing.inIteration(loop, () -> {
                Logged w = enqueue("w");
                Waiter<?> chain;
                synchronized (sync.mutex()) {
                    chain = sync.queue.poll().fail(new IllegalStateException("broken"), null);
                }
                Waiter.dispatch(chain);
                assertTrue(w.cancel());
                return null;
            });
            runOneIteration(loop);
            assertEquals(List.of(), sync.hooks);
            assertEquals(List.of(), log);
        } finally {
            loop.close();
        }
    }

    @Test
    void aResumedWaiterCannotBeCancelledAndResumedHookRanBeforeDelivery() {
        Logged w = enqueue("w");
        Waiter.dispatch(sync.grantFirst("v", null)); // a thread waiter: resumed by this thread
        assertEquals(List.of("w=v"), log);
        assertEquals(List.of("resumedHook w"), sync.hooks);
        assertFalse(w.cancel());
    }

    @Test
    void aFailureGrantIsDeliveredThroughFailed() {
        enqueue("w");
        Waiter<?> chain;
        synchronized (sync.mutex()) {
            chain = sync.queue.poll().fail(new IllegalStateException("broken"), null);
        }
        Waiter.dispatch(chain);
        assertEquals(List.of("w failed broken"), log);
    }

    @Test
    void dispatchResumesAChainInGrantOrder() {
        for (String name : List.of("a", "b", "c", "d")) enqueue(name);
        Waiter<?> chain = null;
        for (int i = 1; i <= 4; i++) chain = sync.grantFirst("" + i, chain);
        Waiter.dispatch(chain);
        assertEquals(List.of("a=1", "b=2", "c=3", "d=4"), log);
    }

    @Test
    void nestedResumptionsOnOneThreadAreTrampolinedInOrder() {
        List<String> order = new ArrayList<>();
        Recorder r = sync;
        Waiter<String> inner = new Logged("inner", order);
        Waiter<String> outer = new Waiter<>(true) {
            @Override
            protected void resumed(String value) {
                order.add("outer start");
                Waiter.dispatch(r.grantFirst("x", null)); // resumes inner after outer returns
                order.add("outer end");
            }

            @Override
            protected void failed(Throwable error) {
            }
        };
        synchronized (r.mutex()) {
            r.enqueue(r.queue, outer);
            r.enqueue(r.queue, inner);
        }
        Waiter.dispatch(r.grantFirst("o", null));
        assertEquals(List.of("outer start", "outer end", "inner=x"), order);
    }

    @Test
    void aResumptionThatThrowsGoesToTheUncaughtHandlerAndTheOthersStillResume() {
        Thread current = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = current.getUncaughtExceptionHandler();
        List<Throwable> uncaught = new ArrayList<>();
        current.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            RuntimeException boom = new RuntimeException("boom");
            Waiter<String> thrower = new Waiter<>(true) {
                @Override
                protected void resumed(String value) {
                    throw boom;
                }

                @Override
                protected void failed(Throwable error) {
                }
            };
            synchronized (sync.mutex()) {
                sync.enqueue(sync.queue, thrower);
            }
            enqueue("after");
            Waiter.dispatch(sync.grantFirst("2", sync.grantFirst("1", null)));
            assertEquals(List.of(boom), uncaught);
            assertEquals(List.of("after=2"), log);
        } finally {
            current.setUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void queueStaysConsistentWhenHeadMiddleAndTailAreRemoved() {
        List<Logged> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) all.add(enqueue("w" + i));
        all.get(0).cancel();
        all.get(4).cancel();
        all.get(2).cancel();
        assertEquals(2, sync.queue.size());
        assertSame(all.get(1), sync.queue.peek());
        synchronized (sync.mutex()) {
            assertSame(all.get(1), sync.queue.poll());
            assertSame(all.get(3), sync.queue.poll());
            assertNull(sync.queue.poll());
        }
        assertTrue(sync.queue.isEmpty());
        Logged again = enqueue("again");
        assertSame(again, sync.queue.peek());
        assertEquals(1, sync.queue.size());
    }

    @Test
    void cancelling100000PendingWaitersInRandomOrderLeavesAConsistentQueue() {
        int n = 100_000;
        Random random = new Random(42);
        List<Logged> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(enqueue("w" + i));
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, random);
        boolean[] cancelled = new boolean[n];
        for (int k = 0; k < n - 1000; k++) { // all but 1000 survivors, in random order
            int i = order.get(k);
            assertTrue(all.get(i).cancel());
            cancelled[i] = true;
        }
        assertEquals(1000, sync.queue.size());
        List<Logged> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!cancelled[i]) expected.add(all.get(i));
        List<Waiter<?>> polled = new ArrayList<>();
        synchronized (sync.mutex()) {
            Waiter<?> w;
            while ((w = sync.queue.poll()) != null) polled.add(w);
        }
        assertEquals(expected, polled);
        assertTrue(sync.queue.isEmpty());
        assertEquals(0, sync.queue.size());
    }

    @Test
    void cancelling100000PendingLockWaitersInRandomOrderKeepsTheLockConsistent() {
        int n = 100_000;
        Lock lock = new Lock();
        lock.acquireAsync();
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(lock.acquireAsync());
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, new Random(7));
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            if (i % 10_000 == 0) continue; // 10 survivors
            assertTrue(all.get(i).cancel(false));
        }
        assertEquals("Lock[locked, waiters:10]", lock.toString());
        for (int s = 0; s < 10; s++) {
            lock.release();
            for (int i = 0; i < n; i += 10_000) {
                assertEquals(i <= s * 10_000, all.get(i).isDone(), "survivor " + i + " after release " + s);
            }
        }
        lock.release();
        assertFalse(lock.locked());
    }

    /**
     * A waiter is what a suspended Kotlin coroutine retains besides kotlinx's own objects: it holds
     * its state, primitive, two links (the second also chains grants), value, failure, role and
     * loop, and nothing more (no back pointer to its queue, no flag beside the state).
     */
    @Test
    void aWaiterHasSevenFieldsBesideItsState() {
        List<String> fields = new ArrayList<>();
        for (java.lang.reflect.Field f : Waiter.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) fields.add(f.getName());
        }
        Collections.sort(fields);
        assertEquals(List.of("failure", "loop", "next", "owner", "prev", "role", "state", "value"), fields);
    }
}
