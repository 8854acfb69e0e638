package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The other process of {@link CrossProcessTest}: {@code java -cp <test classpath> Worker <mode> <uri> <name> ...}.
 * It reports on stdout, one line per event, and exits when its work is done.
 */
public final class Worker {
    public static void main(String[] args) throws Exception {
        String mode = args[0], uri = args[1], name = args[2];
        RedissonClient client = Clients.client(uri);
        Duration lease = Duration.ofMillis(Long.parseLong(args.length > 4 ? args[4] : "30000"));
        RedisPrimitives redis = RedisPrimitives.using(client, lease);
        try {
            switch (mode) {
                case "exclusion" -> System.out.println("violations " + exclusion(redis, client, name, Integer.parseInt(args[3])));
                case "queue-behind" -> {
                    AsyncLock lock = redis.lock(name);
                    CompletableFuture<Void> turn = lock.acquireAsync();
                    System.out.println("queued");
                    turn.get(60, TimeUnit.SECONDS);
                    client.getList(name + ":order", StringCodec.INSTANCE).add("child");
                    lock.release();
                    System.out.println("done");
                }
                case "permits" -> System.out.println("highest " + permits(redis, client, name, Integer.parseInt(args[3])));
                case "hold" -> {
                    redis.lock(name).acquireAsync().get(30, TimeUnit.SECONDS);
                    redis.semaphore(name + ":sem", 1).acquireAsync().get(30, TimeUnit.SECONDS);
                    System.out.println("held");
                    Thread.sleep(600_000); // until destroyForcibly()
                }
                default -> throw new IllegalArgumentException(mode);
            }
        } finally {
            redis.close();
            client.shutdown();
        }
    }

    /** Takes the lock {@code rounds} times; counts the times someone else was inside too. */
    static int exclusion(RedisPrimitives redis, RedissonClient client, String name, int rounds) throws Exception {
        AsyncLock lock = redis.lock(name);
        var inside = client.getAtomicLong(name + ":inside");
        var entries = client.getAtomicLong(name + ":entries");
        int violations = 0;
        for (int i = 0; i < rounds; i++) {
            lock.acquireAsync().get(60, TimeUnit.SECONDS);
            if (inside.incrementAndGet() != 1) violations++;
            entries.incrementAndGet();
            if (inside.decrementAndGet() != 0) violations++;
            lock.release();
        }
        return violations;
    }

    /** Runs {@code tasks} guarded tasks at once; returns the most holders it saw inside at once, all processes counted. */
    static long permits(RedisPrimitives redis, RedissonClient client, String name, int tasks) throws Exception {
        AsyncSemaphore sem = redis.semaphore(name, 3);
        var inside = client.getAtomicLong(name + ":inside");
        AtomicLong highest = new AtomicLong();
        CompletableFuture<?>[] all = new CompletableFuture<?>[tasks];
        for (int i = 0; i < tasks; i++) {
            all[i] = sem.withPermitAsync(() -> inside.incrementAndGetAsync().thenCompose(now -> {
                highest.accumulateAndGet(now, Math::max);
                return CompletableFuture.runAsync(() -> sleep(3)).thenCompose(v -> inside.decrementAndGetAsync());
            }));
        }
        CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
        return highest.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
