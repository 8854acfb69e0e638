package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The Redis server stopped under waiting futures, then started again. */
class RestartTest {

    @Test
    void pendingFuturesFailCleanlyAndOperationsWorkAfterRestart() throws Exception {
        try (RedisServerExtension.Server server = RedisServerExtension.start()) {
            RedissonClient client = Clients.client(server.uri());
            RedisPrimitives holder = RedisPrimitives.using(client), waiter = RedisPrimitives.using(client);
            try {
                holder.lock("job").acquireAsync().get(10, TimeUnit.SECONDS);
                holder.semaphore("pool", 1).acquireAsync().get(10, TimeUnit.SECONDS);
                List<CompletableFuture<?>> pending = List.of(
                        waiter.lock("job").acquireAsync(),
                        waiter.semaphore("pool", 1).acquireAsync(),
                        waiter.event("ready").waitAsync(),
                        waiter.queue("jobs", 0, String.class).getAsync());
                Thread.sleep(300);
                pending.forEach(f -> assertFalse(f.isDone()));

                server.stop();
                for (CompletableFuture<?> f : pending) {
                    ExecutionException failed = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS),
                            "a pending future fails within a bounded time, never hangs");
                    assertInstanceOf(RedisException.class, failed.getCause(), "a Redis failure, not a cancellation");
                    assertFalse(failed.getCause() instanceof CancellationException);
                }

                server.startAgain(); // empty: what was held is gone with the old data
                AsyncLock lock = eventually(() -> {
                    AsyncLock l = waiter.lock("job2");
                    l.acquireAsync().get(10, TimeUnit.SECONDS);
                    return l;
                });
                lock.release();
                var sem = waiter.semaphore("pool2", 1);
                sem.acquireAsync().get(10, TimeUnit.SECONDS);
                sem.release();
                // this instance subscribed to the event's channel before the stop: Redisson subscribes
                // again in the background, and a wake-up published before that is re-checked
                var ready = waiter.event("ready");
                CompletableFuture<Void> woken = ready.waitAsync();
                holder.event("ready").set();
                woken.get(10, TimeUnit.SECONDS);
                CompletableFuture<String> item = waiter.queue("jobs", 0, String.class).getAsync();
                holder.queue("jobs", 0, String.class).putNowait("after restart");
                assertEquals("after restart", item.get(10, TimeUnit.SECONDS));
            } finally {
                holder.close();
                waiter.close();
                client.shutdown();
            }
        }
    }

    interface Attempt<T> {
        T run() throws Exception;
    }

    /** Redisson reconnects in the background: retry (bounded) until the server answers. */
    static <T> T eventually(Attempt<T> attempt) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }
}
