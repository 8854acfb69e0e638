package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncSemaphore;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The overhead of the asyncio4j layer over Redisson's own objects, on one Redis server (issue 15,
 * item 6): lock acquire/release round trips, and a semaphore contended by two processes. Prints
 * ops/s of each and the ratio Redisson ÷ asyncio4j (1.0: no overhead; the target is at most 1.1×
 * slower). Not a JMH benchmark: a network round trip dwarfs what JMH controls; run it on a quiet
 * machine: {@code java -cp <test classpath> dev.asyncio4j.redis.RedisOverhead [seconds]}.
 */
public final class RedisOverhead {
    static final long LEASE = 30_000;

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("contend")) {
            contend(args[1], args[2], Integer.parseInt(args[3]));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (RedisServerExtension.Server server = RedisServerExtension.start()) {
            RedissonClient client = Clients.client(server.uri());
            try (RedisPrimitives redis = RedisPrimitives.using(client)) {
                AsyncLock lock = redis.lock("bench-lock");
                RLock raw = client.getFairLock("bench-raw-lock");
                long tid = 1;
                double ours = 0, theirs = 0;
                for (int slice = 0; slice < seconds; slice++) { // interleaved: a busy machine's drift hits both
                    ours += rate(1, () -> {
                        lock.acquireAsync().get();
                        lock.release();
                    }) / seconds;
                    theirs += rate(1, () -> {
                        raw.lockAsync(LEASE, TimeUnit.MILLISECONDS, tid).get();
                        raw.unlockAsync(tid).get();
                    }) / seconds;
                }
                report("lock acquire+release", ours, theirs);

                double[] semaphore = new double[2];
                for (String mode : new String[] {"asyncio4j", "redisson"}) {
                    Process other = new ProcessBuilder(
                            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                            "-cp", System.getProperty("java.class.path"), RedisOverhead.class.getName(),
                            "contend", server.uri(), mode, String.valueOf(seconds))
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    try {
                        Thread.sleep(1500); // let the other process start contending
                        semaphore[mode.equals("asyncio4j") ? 0 : 1] = contendHere(redis, client, mode, seconds);
                    } finally {
                        other.waitFor(seconds + 30L, TimeUnit.SECONDS);
                        other.destroyForcibly();
                    }
                }
                report("semaphore(1) contended by 2 processes", semaphore[0], semaphore[1]);
            } finally {
                client.shutdown();
            }
        }
    }

    static void contend(String uri, String mode, int seconds) throws Exception {
        RedissonClient client = Clients.client(uri);
        try (RedisPrimitives redis = RedisPrimitives.using(client)) {
            contendHere(redis, client, mode, seconds + 3);
        } finally {
            client.shutdown();
        }
    }

    static double contendHere(RedisPrimitives redis, RedissonClient client, String mode, int seconds) throws Exception {
        if (mode.equals("asyncio4j")) {
            AsyncSemaphore sem = redis.semaphore("bench-sem", 1);
            return rate(seconds, () -> {
                sem.acquireAsync().get();
                sem.release();
            });
        }
        RPermitExpirableSemaphore sem = client.getPermitExpirableSemaphore("bench-raw-sem");
        sem.trySetPermits(1);
        return rate(seconds, () -> sem.releaseAsync(sem.acquireAsync(LEASE, TimeUnit.MILLISECONDS).get()).get());
    }

    /** Ops per second of {@code op}, run back to back for {@code seconds} after a one-second warm-up. */
    static double rate(int seconds, Op op) throws Exception {
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < warm) op.run();
        long start = System.nanoTime(), end = start + TimeUnit.SECONDS.toNanos(seconds), ops = 0;
        while (System.nanoTime() < end) {
            op.run();
            ops++;
        }
        return ops / ((System.nanoTime() - start) / 1e9);
    }

    static void report(String scenario, double ours, double theirs) {
        System.out.printf("%-40s asyncio4j-redis %,10.0f ops/s   Redisson %,10.0f ops/s   Redisson ÷ asyncio4j %.2f×%n",
                scenario, ours, theirs, theirs / ours);
    }
}
