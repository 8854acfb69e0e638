package dev.asyncio4j.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

class BadInputTest extends RedisTestBase {

    @Test
    void negativePermitsThrowAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> a.semaphore("bad", -1));
        assertThrows(IllegalArgumentException.class, () -> a.boundedSemaphore("bad", -1));
    }

    @Test
    void nullNamesThrowAtOnce() {
        assertThrows(NullPointerException.class, () -> a.lock(null));
        assertThrows(NullPointerException.class, () -> a.semaphore(null, 1));
        assertThrows(NullPointerException.class, () -> a.boundedSemaphore(null, 1));
        assertThrows(NullPointerException.class, () -> a.event(null));
        assertThrows(NullPointerException.class, () -> a.queue(null, 0, String.class));
        assertThrows(NullPointerException.class, () -> a.queue("q", 0, null));
    }

    @Test
    void badConnectionArgumentsThrowAtOnce() {
        assertThrows(NullPointerException.class, () -> RedisPrimitives.connect(null));
        assertThrows(NullPointerException.class, () -> RedisPrimitives.using(null));
        assertThrows(NullPointerException.class, () -> RedisPrimitives.using(client, null));
        assertThrows(IllegalArgumentException.class, () -> RedisPrimitives.using(client, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> RedisPrimitives.using(client, Duration.ZERO));
    }

    @Test
    void nullItemsAndBodiesAreRefused() {
        var q = a.queue(Clients.unique("q"), 0, String.class);
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        CompletableFuture<Void> put = q.putAsync(null);
        ExecutionException e = assertThrows(ExecutionException.class, put::get);
        assertInstanceOf(NullPointerException.class, e.getCause());
        assertThrows(NullPointerException.class, () -> a.lock(Clients.unique("l")).withLockAsync(null));
    }
}
