package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where the dependent stages of a Redis future asked for off any loop run, as the {@code *Async}
 * methods' javadoc says: on the instance's callback threads, never on Redisson's I/O thread, so a
 * stage may make a synchronous call (which waits for a reply that the I/O thread must read). The
 * loop case is in {@link RedisLockTest}.
 */
class RedisDependentStagesTest extends RedisTestBase {

    private static final String CALLBACKS = "asyncio4j-redis-callbacks";

    @Test
    void anOffLoopAcquiresStagesRunOnACallbackThreadAndMayReleaseSynchronously() throws Exception {
        String name = Clients.unique("lock");
        AsyncLock mine = a.lock(name), theirs = b.lock(name);
        mine.acquireAsync().get(10, TimeUnit.SECONDS);
        CompletableFuture<String> stage = theirs.acquireAsync().thenApply(v -> {
            String thread = Thread.currentThread().getName();
            theirs.release(); // a round trip: on the I/O thread it could never get its reply
            return thread;
        });
        mine.release();
        assertEquals(CALLBACKS, stage.get(10, TimeUnit.SECONDS));
        assertFalse(mine.locked());
    }

    @Test
    void anOffLoopGetsStagesRunOnACallbackThread() throws Exception {
        String name = Clients.unique("queue");
        AsyncQueue<String> in = a.queue(name, 0, String.class), out = b.queue(name, 0, String.class);
        CompletableFuture<String> stage = out.getAsync()
                .thenApply(item -> item + " on " + Thread.currentThread().getName());
        in.putNowait("x");
        assertEquals("x on " + CALLBACKS, stage.get(10, TimeUnit.SECONDS));
    }
}
