package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.Asyncio;
import dev.asyncio4j.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RedisLockTest extends RedisTestBase {

    @Test
    void acquireExcludesAnotherInstanceUntilRelease() throws Exception {
        String name = Clients.unique("lock");
        AsyncLock mine = a.lock(name), theirs = b.lock(name);
        mine.acquireAsync().get(10, TimeUnit.SECONDS);
        assertTrue(theirs.locked());
        assertFalse(theirs.tryAcquire());
        CompletableFuture<Void> waiting = theirs.acquireAsync();
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        mine.release();
        waiting.get(10, TimeUnit.SECONDS);
        assertTrue(mine.locked());
        theirs.release();
        assertFalse(mine.locked());
    }

    @Test
    void releaseByAnInstanceThatDoesNotHoldItThrows() throws Exception {
        AsyncLock lock = a.lock(Clients.unique("lock"));
        assertThrows(IllegalStateException.class, lock::release);
        lock.acquireAsync().get(10, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, b.lock(lockName(lock))::release);
        assertTrue(lock.locked());
        lock.release();
    }

    @Test
    void anyThreadAndAnyHandleOfTheHolderMayRelease() throws Exception {
        String name = Clients.unique("lock");
        a.lock(name).acquireAsync().get(10, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> a.lock(name).release()).get(10, TimeUnit.SECONDS);
        assertFalse(a.lock(name).locked());
    }

    @Test
    void notReentrant() throws Exception {
        AsyncLock lock = a.lock(Clients.unique("lock"));
        assertTrue(lock.tryAcquire());
        assertFalse(lock.tryAcquire());
        CompletableFuture<Void> again = lock.acquireAsync();
        Thread.sleep(200);
        assertFalse(again.isDone());
        lock.release();
        again.get(10, TimeUnit.SECONDS);
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void waitersAreServedFifoAndTryAcquireDoesNotBarge() throws Exception {
        String name = Clients.unique("lock");
        AsyncLock holder = a.lock(name);
        holder.acquireAsync().get(10, TimeUnit.SECONDS);
        List<Integer> order = new ArrayList<>();
        List<RedisPrimitives> instances = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RedisPrimitives p = RedisPrimitives.using(client);
            instances.add(p);
            AsyncLock lock = p.lock(name);
            int me = i;
            done.add(lock.acquireAsync().thenRun(() -> {
                synchronized (order) {
                    order.add(me);
                }
                lock.release();
            }));
            Thread.sleep(100); // queue in this order
        }
        assertFalse(b.lock(name).tryAcquire(), "a newcomer does not barge past the queue");
        holder.release();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertEquals(List.of(0, 1, 2, 3), order);
        instances.forEach(RedisPrimitives::close);
    }

    @Test
    void withLockReleasesWhateverTheOutcome() throws Exception {
        AsyncLock lock = a.lock(Clients.unique("lock"));
        assertEquals(7, lock.withLockAsync(() -> CompletableFuture.completedFuture(7)).get(10, TimeUnit.SECONDS));
        CompletableFuture<Object> failed = lock.withLockAsync(() -> { throw new IllegalArgumentException("boom"); });
        Exception e = assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertFalse(lock.locked());
    }

    @Test
    void futureMadeOnALoopCompletesOnThatLoop() {
        AsyncLock lock = a.lock(Clients.unique("lock"));
        try (EventLoop loop = new EventLoop()) {
            Thread[] resumedOn = new Thread[1];
            Thread loopThread = loop.run(() -> {
                Thread mine = Thread.currentThread();
                return lock.acquireAsync().thenApply(v -> {
                    resumedOn[0] = Thread.currentThread();
                    lock.release();
                    return mine;
                });
            });
            assertSame(loopThread, resumedOn[0]);
        }
    }

    @Test
    void cancellingTheTaskWithdrawsItsAcquire() throws Exception {
        String name = Clients.unique("lock");
        AsyncLock holder = b.lock(name);
        holder.acquireAsync().get(10, TimeUnit.SECONDS);
        AsyncLock lock = a.lock(name);
        try (EventLoop loop = new EventLoop()) {
            String outcome = loop.run(() -> {
                var task = Asyncio.createTask(() -> lock.acquireAsync().thenApply(v -> "acquired"));
                return Asyncio.sleep(java.time.Duration.ofMillis(200)).thenCompose(v -> {
                    task.cancel();
                    return task.handle((r, e) -> e == null ? r : e.getClass().getSimpleName());
                });
            });
            assertEquals("CancellationException", outcome);
        }
        holder.release(); // hands the lock to the cancelled waiter's request, which gives it back
        a.lock(name).acquireAsync().get(10, TimeUnit.SECONDS);
        a.lock(name).release();
    }

    private static String lockName(AsyncLock lock) {
        String s = lock.toString();
        return s.substring("<RedisLock ".length(), s.indexOf(" [", "<RedisLock ".length()));
    }
}
