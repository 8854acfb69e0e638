package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncSemaphore;
import dev.asyncio4j.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A cancelled acquire whose request Redis has not answered yet (held back by {@link Stalled})
 * no longer counts as a waiter of this instance: once its {@code cancel()} returned, a
 * {@code tryAcquire()} from any thread takes what Redis holds free. A live waiter still keeps
 * {@code tryAcquire()} out (FIFO within the instance).
 */
class CancelledWaiterTest extends RedisTestBase {

    @Test
    void semaphoreTryAcquireIgnoresACancelledWaiterStillInRedis() {
        Stalled stalled = new Stalled(client);
        try (RedisPrimitives p = RedisPrimitives.using(stalled.client())) {
            AsyncSemaphore sem = p.semaphore(Clients.unique("sem"), 1);
            CompletableFuture<Void> waiter = sem.acquireAsync();
            assertEquals(1, stalled.unanswered().size(), "the acquire was sent");
            assertTrue(waiter.cancel(false));
            assertEquals(1, sem.availablePermits());
            assertTrue(sem.tryAcquire(), "the only waiter here is cancelled: " + sem);
            stalled.failAll();
            sem.release();
            assertNextRequestIsSent(stalled, sem::acquireAsync);
            assertEquals(1, sem.availablePermits());
        }
    }

    @Test
    void lockTryAcquireIgnoresACancelledWaiterStillInRedis() {
        Stalled stalled = new Stalled(client);
        try (RedisPrimitives p = RedisPrimitives.using(stalled.client())) {
            AsyncLock lock = p.lock(Clients.unique("lock"));
            CompletableFuture<Void> waiter = lock.acquireAsync();
            assertEquals(1, stalled.unanswered().size(), "the acquire was sent");
            assertTrue(waiter.cancel(false));
            assertTrue(lock.tryAcquire(), "the only waiter here is cancelled: " + lock);
            stalled.failAll();
            lock.release();
            assertNextRequestIsSent(stalled, lock::acquireAsync);
            assertFalse(lock.locked());
        }
    }

    @Test
    void tryAcquireOnTheLoopThatCancelledItsWaitersSucceeds() {
        Stalled stalled = new Stalled(client);
        try (RedisPrimitives p = RedisPrimitives.using(stalled.client()); EventLoop loop = new EventLoop()) {
            AsyncSemaphore sem = p.semaphore(Clients.unique("sem"), 2);
            boolean took = loop.run(() -> {
                CompletableFuture<Void> inRedis = sem.acquireAsync(), queued = sem.acquireAsync();
                queued.cancel(false);
                inRedis.cancel(false);
                return CompletableFuture.completedFuture(sem.tryAcquire());
            });
            assertTrue(took, "both waiters here are cancelled: " + sem);
            stalled.failAll();
            sem.release();
            assertEquals(2, sem.availablePermits());
        }
    }

    @Test
    void aLiveWaiterKeepsTryAcquireOut() {
        Stalled stalled = new Stalled(client);
        try (RedisPrimitives p = RedisPrimitives.using(stalled.client())) {
            AsyncSemaphore sem = p.semaphore(Clients.unique("sem"), 1);
            CompletableFuture<Void> live = sem.acquireAsync(), cancelled = sem.acquireAsync();
            assertTrue(cancelled.cancel(false));
            assertFalse(sem.tryAcquire(), "a waiter of this instance waits in Redis");
            assertTrue(live.cancel(false));
            assertTrue(sem.tryAcquire());
            stalled.failAll();
            sem.release();
        }
    }

    @Test
    void cancelledEventWaitIsNotParkedWhenItsReadComesBack() throws Exception {
        Stalled stalled = new Stalled(client);
        try (RedisPrimitives p = RedisPrimitives.using(stalled.client())) {
            String name = Clients.unique("event");
            Wakeups wakeups = p.wakeups("asyncio4j:event:" + name);
            wakeups.subscribed().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            CompletableFuture<Void> wait = p.event(name).waitAsync();
            assertTrue(wait.cancel(false));
            while (stalled.unanswered().isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(1, stalled.unanswered().size(), "the read of the flag was sent (it subscribed first)");
            stalled.answerAll(false); // clear: a live wait would park until a set()
            assertEquals(0, wakeups.parkedCount(), "nobody waits for that wake-up; epoch " + wakeups.epoch());
        }
    }

    /** Once Redis answered the cancelled request, the turn is free: a new acquire goes to Redis at once. */
    private static void assertNextRequestIsSent(Stalled stalled, Supplier<CompletableFuture<Void>> acquire) {
        CompletableFuture<Void> next = acquire.get();
        assertEquals(1, stalled.unanswered().size(), "sent at once: the cancelled request no longer has the turn");
        assertTrue(next.cancel(false));
        stalled.failAll();
    }
}
