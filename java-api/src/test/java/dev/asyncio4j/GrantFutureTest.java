package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "Cancellation": "a future that completed normally means the caller holds what it
 * asked for", also when someone outside the library completes or forces a grant future
 * ({@code complete}, {@code completeOnTimeout}, {@code obtrude*}).
 */
class GrantFutureTest {

    @Test
    void anOutsideNormalCompletionOfAPendingAcquireWithdrawsItInsteadOfReportingAGrant() {
        Lock lock = new Lock();
        lock.tryAcquire();
        CompletableFuture<Void> acquire = lock.acquireAsync();
        assertFalse(acquire.complete(null), "the value is refused");
        assertTrue(acquire.isCancelled(), "the wait was given up: the caller holds nothing");
        lock.release();
        assertFalse(lock.locked(), "nobody was waiting any more: " + lock);
    }

    @Test
    void completeOnTimeoutOfAnAcquireNeverReportsALockItDoesNotHold() throws Exception {
        Lock lock = new Lock();
        lock.tryAcquire();
        CompletableFuture<Void> acquire = lock.acquireAsync().completeOnTimeout(null, 1, TimeUnit.MILLISECONDS);
        assertThrows(CancellationException.class, () -> acquire.get(10, TimeUnit.SECONDS));
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void anOutsideNormalCompletionOfAGetIsRefusedAndTheItemGoesToTheNextGetter() {
        Queue<String> queue = new Queue<>();
        CompletableFuture<String> first = queue.getAsync();
        CompletableFuture<String> second = queue.getAsync();
        assertFalse(first.complete("forged"));
        assertTrue(first.isCancelled());
        queue.putNowait("real");
        assertEquals("real", second.getNow(null));
    }

    @Test
    void anOutsideCompletionAfterTheGrantChangesNothing() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        CompletableFuture<Void> acquire = semaphore.acquireAsync();
        semaphore.release(); // a thread's waiter: granted and resumed inside release()
        assertFalse(acquire.complete(null));
        assertFalse(acquire.completeExceptionally(new TimeoutException()));
        assertNull(acquire.get(), "the caller holds the permit it was granted");
        assertEquals(0, semaphore.availablePermits());
    }

    @Test
    void obtrudingTheOutcomeOfAGrantIsRefused() throws Exception {
        Lock lock = new Lock();
        CompletableFuture<Void> acquired = lock.acquireAsync(); // a free lock: a completed plain future
        lock.tryAcquire();
        lock.release();
        lock.tryAcquire();
        CompletableFuture<Void> waiting = lock.acquireAsync();
        lock.release();
        assertTrue(lock.locked(), "handed to the waiter");
        assertThrows(UnsupportedOperationException.class, () -> waiting.obtrudeException(new IllegalStateException("forced")));
        assertThrows(UnsupportedOperationException.class, () -> waiting.obtrudeValue(null));
        assertNull(waiting.get(), "still a grant: its holder must release");
        assertNotNull(acquired);
    }

    /**
     * Every library future, not only a grant's: a condition wait that was forced to fail would
     * still re-acquire the lock later, which nobody would then release.
     */
    @Test
    void everyLibraryFutureRefusesObtrude() {
        Condition condition = new Condition();
        condition.tryAcquire();
        CompletableFuture<Void> wait = condition.waitAsync();
        Lock lock = new Lock();
        lock.tryAcquire();
        CompletableFuture<String> guarded = lock.withLockAsync(() -> CompletableFuture.completedFuture("body"));
        for (CompletableFuture<?> future : List.of(wait, guarded)) {
            assertThrows(UnsupportedOperationException.class, () -> future.obtrudeException(new IllegalStateException("forced")));
            assertThrows(UnsupportedOperationException.class, () -> future.obtrudeValue(null));
            assertFalse(future.isDone(), "unchanged: " + future);
        }
        assertTrue(condition.tryAcquire(), "the wait released the lock");
        condition.signal();
        condition.release(); // the signalled wait re-acquires and completes normally
        assertTrue(wait.isDone() && !wait.isCompletedExceptionally(), "the wait holds the lock: " + wait);
        condition.release();
        assertFalse(condition.locked());
        lock.release();
        assertEquals("body", guarded.getNow(null));
        assertFalse(lock.locked());
    }

    @Test
    void anOutsideExceptionalCompletionOfAPendingPutNeverDeliversItsItem() {
        Queue<String> queue = new Queue<>(1);
        queue.putNowait("first");
        CompletableFuture<Void> put = queue.putAsync("second");
        assertTrue(put.completeExceptionally(new TimeoutException()));
        assertThrows(ExecutionException.class, put::get);
        assertEquals("first", queue.getNowait());
        assertTrue(queue.empty(), "the withdrawn put's item never entered: " + queue);
    }
}
