package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncSemaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The primitives across real JVM processes: each test starts {@link Worker}s with the test classpath. */
@ExtendWith(RedisServerExtension.class)
class CrossProcessTest {
    static RedissonClient client;
    static RedisPrimitives redis;
    final List<Child> children = new ArrayList<>();

    /** A child JVM and its stdout, line by line. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-cp", System.getProperty("java.class.path"), Worker.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                } catch (IOException ignored) {
                    // the child died: the test's bounded wait reports it
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String next() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertNotNull(line, "the child process said nothing for 60 s (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            return line;
        }
    }

    @BeforeAll
    static void connect() {
        client = Clients.client(RedisServerExtension.shared().uri());
        redis = RedisPrimitives.using(client, Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        redis.close();
        client.shutdown();
    }

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Child c : children) {
            c.process.destroyForcibly();
            assertTrue(c.process.waitFor(10, TimeUnit.SECONDS));
        }
    }

    private Child start(String... args) throws IOException {
        Child c = new Child(args);
        children.add(c);
        return c;
    }

    @Test
    void lockExcludesAcrossTwoProcesses() throws Exception {
        String name = Clients.unique("xlock");
        int rounds = 150;
        Child child = start("exclusion", RedisServerExtension.shared().uri(), name, String.valueOf(rounds));
        int mine = Worker.exclusion(redis, client, name, rounds);
        assertEquals("violations 0", child.next());
        assertEquals(0, mine);
        assertEquals(2L * rounds, client.getAtomicLong(name + ":entries").get());
    }

    @Test
    void lockServesWaitersOfTwoProcessesFifo() throws Exception {
        String name = Clients.unique("xfifo");
        AsyncLock lock = redis.lock(name);
        lock.acquireAsync().get(10, TimeUnit.SECONDS);
        Child child = start("queue-behind", RedisServerExtension.shared().uri(), name);
        assertEquals("queued", child.next());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // the child's waiter is in Redis's queue once the fair lock's queue holds it
        while (client.getList("redisson_lock_queue:{" + name + "}", StringCodec.INSTANCE).size() == 0) {
            assertTrue(System.nanoTime() < deadline, "the child never queued");
            Thread.sleep(20);
        }
        RedisPrimitives later = RedisPrimitives.using(client);
        CompletableFuture<Void> mine = later.lock(name).acquireAsync().thenRun(() -> {
            client.getList(name + ":order", StringCodec.INSTANCE).add("parent");
            later.lock(name).release();
        });
        Thread.sleep(200);
        lock.release();
        mine.get(30, TimeUnit.SECONDS);
        assertEquals("done", child.next());
        assertEquals(List.of("child", "parent"), client.getList(name + ":order", StringCodec.INSTANCE).readAll());
        later.close();
    }

    @Test
    void permitLimitHoldsAcrossThreeProcessesUnderLoad() throws Exception {
        String name = Clients.unique("xsem");
        String uri = RedisServerExtension.shared().uri();
        Child one = start("permits", uri, name, "60");
        Child two = start("permits", uri, name, "60");
        long mine = Worker.permits(redis, client, name, 60);
        long highest = Math.max(mine, Math.max(count(one.next()), count(two.next())));
        assertTrue(highest <= 3, "never more than 3 holders, saw " + highest);
        assertEquals(3, redis.semaphore(name, 3).availablePermits());
    }

    private static long count(String line) {
        assertTrue(line.startsWith("highest "), line);
        return Long.parseLong(line.substring("highest ".length()));
    }

    @Test
    void aKilledHoldersLockAndPermitComeBackWithinTheLease() throws Exception {
        String name = Clients.unique("xkill");
        Child holder = start("hold", RedisServerExtension.shared().uri(), name, "30000", "2000");
        assertEquals("held", holder.next());
        AsyncLock lock = redis.lock(name);
        AsyncSemaphore sem = redis.semaphore(name + ":sem", 1);
        Thread.sleep(3000); // longer than the lease: the live holder renews it
        assertTrue(lock.locked(), "a live holder keeps its lock past the lease");
        assertFalse(sem.tryAcquire(), "a live holder keeps its permit past the lease");
        holder.process.destroyForcibly();
        assertTrue(holder.process.waitFor(10, TimeUnit.SECONDS));
        lock.acquireAsync().get(10, TimeUnit.SECONDS);   // lease 2 s: well within the bound
        sem.acquireAsync().get(10, TimeUnit.SECONDS);
        lock.release();
        sem.release();
    }
}
