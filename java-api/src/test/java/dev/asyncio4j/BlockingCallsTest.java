package dev.asyncio4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The blocking and timed calls for thread code (issue 17, item 2): {@code tryAcquire(timeout)},
 * {@code acquireInterruptibly()}, a queue's {@code offer}/{@code poll}/{@code putInterruptibly}/{@code
 * take}, an event's
 * {@code await}. A call that times out or is interrupted holds nothing, even when a grant races
 * it: after every run the primitive is back to its initial state. On a loop thread they are
 * refused. No test asserts a duration: a timeout either cannot be beaten (nobody frees) or races a
 * grant, and only the accounting is checked.
 */
class BlockingCallsTest {

    private static final int RACES = 2_000;

    /** What a blocking call did on its thread: its result, or what it threw. */
    private interface Call<T> {
        T call() throws Exception;
    }

    /** A blocking call with no result. */
    private interface Blocking {
        void run() throws Exception;
    }

    private static final class Outcome<T> {
        volatile T value;
        volatile Throwable error;

        boolean interrupted() {
            return error instanceof InterruptedException;
        }
    }

    /** Starts {@code call} on a new platform thread; its outcome is recorded. */
    private static <T> Thread start(Call<T> call, Outcome<T> outcome) {
        Thread t = new Thread(() -> {
            try {
                outcome.value = call.call();
            } catch (Throwable error) {
                outcome.error = error;
            }
        });
        t.start();
        return t;
    }

    /** Starts a blocking call on a new thread (its outcome true once it returns) and waits until it is queued. */
    private static Thread startBlocked(Blocking call, Outcome<Boolean> outcome, BooleanSupplier queued)
            throws InterruptedException {
        Thread t = start(() -> {
            call.run();
            return true;
        }, outcome);
        awaitTrue(queued);
        return t;
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "the blocked call never ended");
    }

    /** Bounded wait until {@code condition} holds (a thread has queued); fails after 10 s. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition never held");
            Thread.sleep(1);
        }
    }

    /** Runs {@code a} and {@code b} on two threads released together; returns once both ended. */
    private static void race(Runnable a, Runnable b) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        Thread ta = new Thread(() -> awaitThen(go, a)), tb = new Thread(() -> awaitThen(go, b));
        ta.start();
        tb.start();
        go.countDown();
        join(ta);
        join(tb);
    }

    private static void awaitThen(CountDownLatch go, Runnable body) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        body.run();
    }

    private static long smallTimeout() {
        return ThreadLocalRandom.current().nextLong(0, 200_000); // up to 0.2 ms: near the grant
    }

    // ---------------------------------------------------------------------------------------------
    // Timeouts

    @Test
    void timedAcquireThatTimesOutHoldsNothingAndLeavesNoWaiter() throws Exception {
        Lock lock = new Lock();
        Semaphore semaphore = new Semaphore(0);
        lock.tryAcquire();
        Outcome<Boolean> onLock = new Outcome<>(), onSemaphore = new Outcome<>();
        join(start(() -> lock.tryAcquire(1, MILLISECONDS), onLock));
        join(start(() -> semaphore.tryAcquire(Duration.ofMillis(1)), onSemaphore));
        assertEquals(Boolean.FALSE, onLock.value);
        assertEquals(Boolean.FALSE, onSemaphore.value);
        assertEquals(0, lock.waiterCount());
        assertEquals(0, semaphore.waiterCount());
        lock.release();
        semaphore.release();
        assertFalse(lock.locked(), "nobody holds the lock after the timed-out acquire: " + lock);
        assertEquals(1, semaphore.availablePermits(), "the permit is free: " + semaphore);
    }

    @Test
    void semaphoreGrantRacingTheTimeoutIsHeldOrFree() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Semaphore semaphore = new Semaphore(0);
            long timeout = smallTimeout();
            AtomicReference<Boolean> got = new AtomicReference<>();
            race(() -> got.set(uninterrupted(() -> semaphore.tryAcquire(timeout, NANOSECONDS))), semaphore::release);
            assertEquals(got.get() ? 0 : 1, semaphore.availablePermits(), "run " + i + ": " + semaphore);
            assertEquals(0, semaphore.waiterCount());
            if (got.get()) semaphore.release();
            assertFalse(semaphore.locked(), "run " + i + ": back to its initial state: " + semaphore);
        }
    }

    @Test
    void lockHandOffRacingTheTimeoutIsHeldOrFree() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Lock lock = new Lock();
            lock.tryAcquire();
            long timeout = smallTimeout();
            AtomicReference<Boolean> got = new AtomicReference<>();
            race(() -> got.set(uninterrupted(() -> lock.tryAcquire(timeout, NANOSECONDS))), lock::release);
            assertEquals(got.get(), lock.locked(), "run " + i + ": " + lock);
            if (got.get()) lock.release();
            assertFalse(lock.locked(), "run " + i + ": " + lock);
            assertEquals(0, lock.waiterCount());
        }
    }

    @Test
    void itemRacingATimedPollIsTakenOrStillQueued() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Queue<String> queue = new Queue<>();
            long timeout = smallTimeout();
            AtomicReference<String> got = new AtomicReference<>();
            race(() -> got.set(uninterrupted(() -> queue.poll(timeout, NANOSECONDS))), () -> queue.putNowait("item"));
            assertEquals(got.get() == null ? 1 : 0, queue.qsize(), "run " + i + ": the item is taken or queued: " + queue);
            assertEquals(0, queue.getterCount());
        }
    }

    @Test
    void slotRacingATimedOfferIsUsedOrFree() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Queue<String> queue = new Queue<>(1);
            queue.putNowait("first");
            long timeout = smallTimeout();
            AtomicReference<Boolean> put = new AtomicReference<>();
            race(() -> put.set(uninterrupted(() -> queue.offer("second", timeout, NANOSECONDS))), queue::getNowait);
            assertEquals(put.get() ? 1 : 0, queue.qsize(), "run " + i + ": " + queue);
            assertEquals(0, queue.putterCount());
            assertEquals(put.get(), queue.full(), "no slot left reserved: " + queue);
            if (put.get()) assertEquals("second", queue.getNowait());
        }
    }

    @Test
    void eventSetRacingATimedAwaitLeavesNoWaiter() throws Exception {
        for (int i = 0; i < RACES; i++) {
            Event event = new Event();
            long timeout = smallTimeout();
            race(() -> uninterrupted(() -> event.await(timeout, NANOSECONDS)), event::set);
            assertEquals(0, event.waiterCount(), "run " + i + ": " + event);
            assertTrue(event.await(0, SECONDS), "set: true at once");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupts

    @Test
    void interruptedOnEntryThrowsAndTakesNothing() throws Exception {
        Semaphore semaphore = new Semaphore(1);
        Queue<String> queue = new Queue<>();
        queue.putNowait("item");
        Outcome<Boolean> acquire = new Outcome<>();
        Outcome<String> take = new Outcome<>();
        join(start(() -> {
            Thread.currentThread().interrupt();
            return semaphore.tryAcquire(1, SECONDS);
        }, acquire));
        join(start(() -> {
            Thread.currentThread().interrupt();
            return queue.take();
        }, take));
        assertTrue(acquire.interrupted(), "j.u.c.'s rule: an interrupted thread does not acquire");
        assertTrue(take.interrupted());
        assertEquals(1, semaphore.availablePermits());
        assertEquals(1, queue.qsize());
    }

    @Test
    void interruptOfABlockedAcquireHoldsNothingAndLeavesNoWaiter() throws Exception {
        Lock lock = new Lock();
        lock.tryAcquire();
        Outcome<Boolean> outcome = new Outcome<>();
        Thread t = startBlocked(() -> lock.acquireInterruptibly(), outcome, () -> lock.waiterCount() == 1);
        t.interrupt();
        join(t);
        assertTrue(outcome.interrupted(), "ended by the interrupt: " + outcome.error);
        assertEquals(0, lock.waiterCount());
        lock.release();
        assertFalse(lock.locked());
    }

    /**
     * The interrupt comes from one thread and the grant from another, at the same moment, many
     * times: the blocked thread either holds what it was granted (and releases it) or throws
     * holding nothing.
     */
    @Test
    void permitRacingAnInterruptIsHeldOrPassedOn() throws Exception {
        for (int i = 0; i < RACES / 4; i++) {
            Semaphore semaphore = new Semaphore(0);
            Outcome<Boolean> outcome = new Outcome<>();
            Thread t = startBlocked(() -> semaphore.acquireInterruptibly(), outcome, () -> semaphore.waiterCount() == 1);
            race(t::interrupt, semaphore::release);
            join(t);
            assertEquals(outcome.interrupted() ? 1 : 0, semaphore.availablePermits(), "run " + i + ": " + semaphore);
            assertEquals(0, semaphore.waiterCount());
        }
    }

    @Test
    void itemRacingAnInterruptedTakeIsTakenOrStillQueued() throws Exception {
        for (int i = 0; i < RACES / 4; i++) {
            Queue<String> queue = new Queue<>();
            Outcome<String> outcome = new Outcome<>();
            Thread t = start(queue::take, outcome);
            awaitTrue(() -> queue.getterCount() == 1);
            race(t::interrupt, () -> queue.putNowait("item"));
            join(t);
            assertEquals(outcome.interrupted() ? 1 : 0, queue.qsize(), "run " + i + ": " + queue);
            if (!outcome.interrupted()) assertEquals("item", outcome.value);
        }
    }

    @Test
    void slotRacingAnInterruptedPutIsUsedOrFree() throws Exception {
        for (int i = 0; i < RACES / 4; i++) {
            Queue<String> queue = new Queue<>(1);
            queue.putNowait("first");
            Outcome<Boolean> outcome = new Outcome<>();
            Thread t = startBlocked(() -> queue.putInterruptibly("second"), outcome, () -> queue.putterCount() == 1);
            race(t::interrupt, queue::getNowait);
            join(t);
            assertEquals(outcome.interrupted() ? 0 : 1, queue.qsize(), "run " + i + ": " + queue);
            assertEquals(!outcome.interrupted(), queue.full(), "no slot left reserved: " + queue);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking until granted, and failures

    @Test
    void takeAndPutBlockUntilAnotherThreadFreesThem() throws Exception {
        Queue<Integer> queue = new Queue<>(1);
        Outcome<Integer> taken = new Outcome<>();
        Thread taker = start(queue::take, taken);
        awaitTrue(() -> queue.getterCount() == 1);
        queue.putInterruptibly(1);
        join(taker);
        assertEquals(1, taken.value);
        queue.putInterruptibly(2);
        Outcome<Boolean> put = new Outcome<>();
        Thread putter = startBlocked(() -> queue.putInterruptibly(3), put, () -> queue.putterCount() == 1);
        assertEquals(2, queue.take());
        join(putter);
        assertEquals(3, queue.poll(0, SECONDS), "the blocked put's item entered");
        assertNull(queue.poll(1, MILLISECONDS), "empty: null after the timeout");
    }

    @Test
    void shutdownEndsABlockedTakeWithQueueShutDown() throws Exception {
        Queue<String> queue = new Queue<>();
        Outcome<String> outcome = new Outcome<>();
        Thread t = start(queue::take, outcome);
        awaitTrue(() -> queue.getterCount() == 1);
        queue.shutdown();
        join(t);
        assertInstanceOf(QueueShutDownException.class, outcome.error);
    }

    @Test
    void blockedAwaitEndsWhenTheEventIsSet() throws Exception {
        Event event = new Event();
        Outcome<Boolean> outcome = new Outcome<>();
        Thread t = startBlocked(() -> event.await(), outcome, () -> event.waiterCount() == 1);
        event.set();
        join(t);
        assertEquals(Boolean.TRUE, outcome.value);
    }

    /**
     * A future's callback that grants a blocked thread and then waits for it: the thread must wake
     * although the granting thread is still inside that callback's resumption (the trampoline).
     */
    @Test
    void aThreadGrantedInsideAResumptionWakesAtOnce() throws Exception {
        Semaphore first = new Semaphore(0), second = new Semaphore(0);
        CountDownLatch acquired = new CountDownLatch(1);
        Outcome<Boolean> outcome = new Outcome<>();
        Thread t = startBlocked(() -> {
            second.acquireInterruptibly();
            acquired.countDown();
        }, outcome, () -> second.waiterCount() == 1);
        AtomicReference<Boolean> woke = new AtomicReference<>();
        CompletableFuture<Void> callback = first.acquireAsync().thenRun(() -> {
            second.release();
            try {
                woke.set(acquired.await(10, SECONDS));
            } catch (InterruptedException e) {
                woke.set(false);
            }
        });
        first.release(); // resumes the acquire, and its callback, on this thread
        callback.get(20, SECONDS);
        join(t);
        assertEquals(Boolean.TRUE, woke.get(), "the blocked thread woke while the callback waited for it");
    }

    // ---------------------------------------------------------------------------------------------
    // Refused on a loop thread

    @Test
    void blockingCallsAreRefusedOnALoopThreadAndChangeNothing() {
        Lock lock = new Lock();
        Semaphore semaphore = new Semaphore(0);
        Event event = new Event();
        Queue<String> queue = new Queue<>(1);
        Testing.runVirtual(() -> {
            assertRefused(() -> lock.tryAcquire(1, SECONDS));
            assertRefused(lock::acquireInterruptibly);
            assertRefused(() -> semaphore.tryAcquire(Duration.ofSeconds(1)));
            assertRefused(semaphore::acquireInterruptibly);
            assertRefused(() -> event.await(1, SECONDS));
            assertRefused(event::await);
            assertRefused(() -> queue.offer("x", 1, SECONDS));
            assertRefused(() -> queue.putInterruptibly("x"));
            assertRefused(() -> queue.poll(1, SECONDS));
            assertRefused(queue::take);
            return CompletableFuture.completedFuture(null);
        });
        assertFalse(lock.locked(), "a refused acquire took nothing: " + lock);
        assertEquals(0, semaphore.waiterCount());
        assertEquals(0, event.waiterCount());
        assertEquals(0, queue.qsize(), "a refused put put nothing: " + queue);
        assertEquals(0, queue.getterCount());
    }

    private static void assertRefused(Blocking call) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, call::run);
        assertTrue(refused.getMessage().contains("loop"), refused.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Waiter counts

    @Test
    void waiterCountsCountPendingWaitersOnly() {
        Lock lock = new Lock();
        lock.tryAcquire();
        CompletableFuture<Void> acquire = lock.acquireAsync();
        assertEquals(1, lock.waiterCount());
        lock.release(); // handed over: no longer pending
        assertEquals(0, lock.waiterCount());
        assertTrue(acquire.isDone());

        Condition condition = new Condition();
        condition.tryAcquire();
        CompletableFuture<Void> wait = condition.waitAsync();
        assertEquals(1, condition.waiterCount());
        wait.cancel(false);
        assertEquals(0, condition.waiterCount());

        Queue<String> queue = new Queue<>(1);
        queue.getAsync();
        assertEquals(1, queue.getterCount());
        queue.putNowait("a");
        queue.putNowait("b");
        queue.putAsync("c");
        assertEquals(0, queue.getterCount());
        assertEquals(1, queue.putterCount());

        Event event = new Event();
        event.waitAsync();
        event.waitAsync();
        assertEquals(2, event.waiterCount());
    }

    /** Runs a timed call on a thread that is never interrupted. */
    private static <T> T uninterrupted(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
