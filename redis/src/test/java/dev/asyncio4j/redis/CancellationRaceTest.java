package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.AsyncSemaphore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Cancel-versus-grant races: each round starts a request that Redis can grant at once and cancels
 * it at once, so the grant and the cancel race. Whatever wins, nothing is lost: every permit, the
 * lock and every item is where it should be at the end.
 */
class CancellationRaceTest extends RedisTestBase {
    static final int ROUNDS = 10_000;

    @Test
    void cancelledAcquiresLoseNoPermit() throws Exception {
        AsyncSemaphore sem = a.semaphore(Clients.unique("race"), 2);
        int won = 0;
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            CompletableFuture<Void> f = sem.acquireAsync();
            batch.add(f);
            if (!f.cancel(false)) {
                f.get(10, TimeUnit.SECONDS);
                won++;
                sem.release();
            }
            if (batch.size() == 500) batch.clear();
        }
        // A cancelled request already sent may still take a permit (and give it back) until Redis
        // answers it; a new acquire is sent only after every earlier one of this instance was answered.
        sem.acquireAsync().get(10, TimeUnit.SECONDS);
        sem.release();
        awaitPermits(sem, 2);
        boolean first = sem.tryAcquire(), second = sem.tryAcquire();
        assertTrue(first && second, "both permits are back (" + won + " grants won the race): " + first + " " + second + " " + sem);
        sem.release();
        sem.release();
    }

    @Test
    void cancelledLockAcquiresLoseNoLock() throws Exception {
        String name = Clients.unique("race");
        AsyncLock lock = a.lock(name);
        for (int i = 0; i < ROUNDS; i++) {
            CompletableFuture<Void> f = lock.acquireAsync();
            if (!f.cancel(false)) {
                f.get(10, TimeUnit.SECONDS);
                lock.release();
            }
        }
        lock.acquireAsync().get(30, TimeUnit.SECONDS); // every given-back grant reached Redis
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void cancelledGetsLoseNoItem() throws Exception {
        String name = Clients.unique("race");
        AsyncQueue<Integer> q = a.queue(name, 0, Integer.class);
        int items = 50;
        for (int i = 0; i < items; i++) q.putNowait(i);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < ROUNDS && taken.size() < items; i++) {
            CompletableFuture<Integer> f = q.getAsync();
            if (!f.cancel(false)) taken.add(f.get(10, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (taken.size() + q.qsize() < items && System.nanoTime() < deadline) Thread.sleep(20);
        while (!q.empty()) assertTrue(taken.add(q.getNowait()), "no item delivered twice");
        assertEquals(items, taken.size(), "every item either taken or still queued");
    }

    /** The give-backs of the last rounds are in flight: wait (bounded) until they land. */
    static void awaitPermits(AsyncSemaphore sem, int permits) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sem.availablePermits() < permits && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(permits, sem.availablePermits());
    }
}
