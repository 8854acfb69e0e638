package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncSemaphore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class RedisSemaphoreTest extends RedisTestBase {

    @Test
    void permitsAreSetWhenTheNameIsFirstUsed() {
        String name = Clients.unique("sem");
        AsyncSemaphore first = a.semaphore(name, 2);
        AsyncSemaphore later = b.semaphore(name, 5);
        assertEquals(2, later.availablePermits());
        assertTrue(first.tryAcquire());
        assertTrue(later.tryAcquire());
        assertTrue(first.locked());
        assertFalse(b.semaphore(name, 9).tryAcquire());
        first.release();
        later.release();
        assertEquals(2, first.availablePermits());
    }

    @Test
    void acquireWaitsForAReleaseInAnotherInstance() throws Exception {
        String name = Clients.unique("sem");
        AsyncSemaphore mine = a.semaphore(name, 1), theirs = b.semaphore(name, 1);
        mine.acquireAsync().get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> waiting = theirs.acquireAsync();
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        mine.release();
        waiting.get(10, TimeUnit.SECONDS);
        assertEquals(0, mine.availablePermits());
        theirs.release();
    }

    @Test
    void releasePastWhatIsHeldAddsAPermit() {
        AsyncSemaphore sem = a.semaphore(Clients.unique("sem"), 1);
        sem.release();
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void boundedSemaphoreRefusesReleaseWithoutAHeldPermit() throws Exception {
        String name = Clients.unique("bsem");
        AsyncSemaphore mine = a.boundedSemaphore(name, 2);
        assertThrows(IllegalStateException.class, mine::release);
        mine.acquireAsync().get(10, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, b.boundedSemaphore(name, 2)::release, "another instance holds none");
        mine.release();
        assertThrows(IllegalStateException.class, mine::release);
        assertEquals(2, mine.availablePermits());
    }

    @Test
    void limitHoldsUnderLoadFromManyInstances() throws Exception {
        String name = Clients.unique("sem");
        int limit = 3;
        AtomicInteger inside = new AtomicInteger(), highest = new AtomicInteger();
        List<RedisPrimitives> instances = new ArrayList<>();
        List<CompletableFuture<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RedisPrimitives p = RedisPrimitives.using(client);
            instances.add(p);
            AsyncSemaphore sem = p.semaphore(name, limit);
            for (int j = 0; j < 15; j++) {
                work.add(sem.withPermitAsync(() -> {
                    int now = inside.incrementAndGet();
                    highest.accumulateAndGet(now, Math::max);
                    return CompletableFuture.supplyAsync(() -> {
                        sleep(2);
                        inside.decrementAndGet();
                        return now;
                    });
                }));
            }
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertTrue(highest.get() <= limit, "at most " + limit + " holders, saw " + highest.get());
        assertEquals(limit, a.semaphore(name, limit).availablePermits());
        instances.forEach(RedisPrimitives::close);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}
