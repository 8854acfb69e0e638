package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md §10 waitFor and §12 timeout: a deadline or a cancellation that comes after the
 * awaited operation completed, but before its caller saw it, loses nothing. The operation here is
 * a thread's request (made off any loop), which completes inside the release, put or get that
 * grants it; a loop callback grants it at the deadline's own time, just before the deadline fires,
 * so the waitFor has not seen the completion yet. In CPython the cancellation lands inside
 * {@code acquire()}/{@code get()}/{@code put()}, which give the grant back; here the grant is
 * delivered (the deadline lost the race) and a task's cancellation goes on to its next await.
 */
class DeadlineRaceTest {

    /** Runs {@code grant} at the virtual time {@code at}, before any deadline of that time made later. */
    private static void grantAt(Duration at, Runnable grant) {
        EventLoop loop = EventLoop.running();
        loop.callAt(loop.time() + at.toNanos(), grant);
    }

    @Test
    void waitForDeliversAPermitGrantedBeforeItsDeadlineFired() {
        Semaphore semaphore = new Semaphore(0);
        CompletableFuture<Void> acquire = semaphore.acquireAsync(); // a thread's waiter
        String outcome = runVirtual(() -> {
            grantAt(s(1), semaphore::release);
            return describe(Asyncio.waitFor(acquire, s(1)));
        });
        assertEquals("value:null", outcome);
        assertEquals(0, semaphore.availablePermits(), "the caller holds the permit it was told it has");
    }

    @Test
    void waitForDeliversAnItemTakenBeforeItsDeadlineFired() {
        Queue<String> queue = new Queue<>();
        CompletableFuture<String> get = queue.getAsync();
        String outcome = runVirtual(() -> {
            grantAt(s(1), () -> queue.putNowait("item"));
            return describe(Asyncio.waitFor(get, s(1)));
        });
        assertEquals("value:item", outcome);
        assertTrue(queue.empty());
    }

    @Test
    void waitForReportsAPutThatEnteredTheQueueBeforeItsDeadlineFired() {
        Queue<String> queue = new Queue<>(1);
        queue.putNowait("first");
        CompletableFuture<Void> put = queue.putAsync("second");
        String outcome = runVirtual(() -> {
            grantAt(s(1), queue::getNowait);
            return describe(Asyncio.waitFor(put, s(1)));
        });
        assertEquals("value:null", outcome, "the item is in the queue: the caller must not be told otherwise");
        assertEquals("second", queue.getNowait());
    }

    @Test
    void aDeadlineAfterAnOrdinaryResultStillDropsIt() {
        CompletableFuture<String> plain = new CompletableFuture<>();
        String outcome = runVirtual(() -> {
            grantAt(s(1), () -> plain.complete("x"));
            return describe(Asyncio.waitFor(plain, s(1)));
        });
        assertEquals("failed:TimeoutException:timeout expired", outcome);
    }

    @Test
    void cancellingAWaitForAfterItsGrantCompletedIsTooLate() {
        Lock lock = new Lock();
        lock.tryAcquire();
        CompletableFuture<Void> acquire = lock.acquireAsync();
        AtomicReference<Boolean> cancelled = new AtomicReference<>();
        String outcome = runVirtual(() -> {
            CompletableFuture<Void> w = Asyncio.waitFor(acquire, s(10));
            grantAt(s(1), () -> {
                lock.release();
                cancelled.set(w.cancel(false));
            });
            return describe(w);
        });
        assertFalse(cancelled.get(), "cancel() returning true would mean the caller holds nothing");
        assertEquals("value:null", outcome);
        assertTrue(lock.locked());
    }

    /**
     * A task awaits {@code awaiting} (made over a thread's acquire), then sleeps; at 1 s
     * {@code atTheGrant} runs with the semaphore and the task. The task must get the permit (its
     * chain goes on) and end cancelled at its next await, the sleep.
     */
    private static void aTaskCancelledAsItsGrantArrivesHoldsIt(
            Function<CompletableFuture<Void>, CompletionStage<?>> awaiting, BiConsumer<Semaphore, Task<?>> atTheGrant) {
        Semaphore semaphore = new Semaphore(0);
        CompletableFuture<Void> acquire = semaphore.acquireAsync();
        AtomicReference<String> got = new AtomicReference<>("nothing");
        String outcome = runVirtual(() -> {
            Task<Void> task = Asyncio.createTask(() -> awaiting.apply(acquire).thenCompose(v -> {
                got.set("the permit");
                return Asyncio.sleep(s(5));
            }));
            grantAt(s(1), () -> atTheGrant.accept(semaphore, task));
            return describe(task);
        });
        assertEquals("the permit", got.get());
        assertEquals("cancelled:null", outcome);
        assertEquals(0, semaphore.availablePermits());
    }

    /** Releases the semaphore, then cancels the task in the same callback. */
    private static void releaseThenCancel(Semaphore semaphore, Task<?> task) {
        semaphore.release();
        task.cancel();
    }

    @Test
    void aTaskCancelledAfterItsWaitForGotAGrantHoldsItAndIsCancelledAtItsNextAwait() {
        aTaskCancelledAsItsGrantArrivesHoldsIt(acquire -> Asyncio.waitFor(acquire, s(10)), DeadlineRaceTest::releaseThenCancel);
    }

    @Test
    void aLateCancellationNeverDropsAGatheredGrant() {
        aTaskCancelledAsItsGrantArrivesHoldsIt(acquire -> Asyncio.gather(List.of(acquire)), (semaphore, task) -> {
            semaphore.release();
            Asyncio.sleep(Duration.ZERO).thenRun(task::cancel); // after gather saw it, before the task resumed
        });
    }

    @Test
    void timeoutAroundAGrantDeliversItWhenTheBlockEndsAsTheTaskIsCancelled() {
        aTaskCancelledAsItsGrantArrivesHoldsIt(acquire -> Asyncio.timeout(s(10), t -> Asyncio.wrapFuture(acquire)),
                DeadlineRaceTest::releaseThenCancel);
    }

    @Test
    void theTimeoutExceptionStillReportsAnExpiryBeforeTheGrant() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        CompletableFuture<Void> acquire = semaphore.acquireAsync();
        String outcome = runVirtual(() -> describe(Asyncio.waitFor(acquire, s(1))));
        assertEquals("failed:TimeoutException:timeout expired", outcome);
        semaphore.release();
        assertEquals(1, semaphore.availablePermits(), "the withdrawn request took nothing");
        assertInstanceOf(TimeoutException.class, new TimeoutException()); // the mapping of asyncio's TimeoutError
    }

    @Test
    void waitForOfAGrantTakenAtOnceDeliversItWhateverComesNext() {
        Queue<String> queue = new Queue<>();
        queue.putNowait("item");
        Semaphore semaphore = new Semaphore(1);
        List<String> outcomes = runVirtual(() -> {
            CompletableFuture<String> get = Asyncio.waitFor(queue.getAsync(), Duration.ofNanos(1));
            boolean cancelled = get.cancel(false);
            CompletableFuture<Void> acquire = Asyncio.waitFor(semaphore.acquireAsync(), Duration.ofNanos(1));
            return Asyncio.sleep(s(1)).thenApply(v -> List.of("cancel " + cancelled, outcome(get), outcome(acquire)));
        });
        assertEquals(List.of("cancel false", "value:item", "value:null"), outcomes);
        assertEquals(0, semaphore.availablePermits());
    }
}
