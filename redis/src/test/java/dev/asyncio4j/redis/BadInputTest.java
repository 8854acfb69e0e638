package dev.asyncio4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(RedisServerExtension.class)
class BadInputTest {
    static RedissonClient client;
    static RedisPrimitives redis;

    @BeforeAll
    static void connect() {
        client = Clients.client(RedisServerExtension.shared().uri());
        redis = RedisPrimitives.using(client);
    }

    @AfterAll
    static void close() {
        redis.close();
        client.shutdown();
    }

    @Test
    void negativePermitsThrowAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> redis.semaphore("bad", -1));
        assertThrows(IllegalArgumentException.class, () -> redis.boundedSemaphore("bad", -1));
    }

    @Test
    void nullNamesThrowAtOnce() {
        assertThrows(NullPointerException.class, () -> redis.lock(null));
        assertThrows(NullPointerException.class, () -> redis.semaphore(null, 1));
        assertThrows(NullPointerException.class, () -> redis.boundedSemaphore(null, 1));
        assertThrows(NullPointerException.class, () -> redis.event(null));
        assertThrows(NullPointerException.class, () -> redis.queue(null, 0, String.class));
        assertThrows(NullPointerException.class, () -> redis.queue("q", 0, null));
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
        var q = redis.queue(Clients.unique("q"), 0, String.class);
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
        CompletableFuture<Void> put = q.putAsync(null);
        ExecutionException e = assertThrows(ExecutionException.class, put::get);
        assertInstanceOf(NullPointerException.class, e.getCause());
        assertThrows(NullPointerException.class, () -> redis.lock(Clients.unique("l")).withLockAsync(null));
    }
}
