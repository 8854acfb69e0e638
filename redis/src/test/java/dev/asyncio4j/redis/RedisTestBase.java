package dev.asyncio4j.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

/** The shared server, one client, and two instances on it (two "processes" in one JVM). */
@ExtendWith(RedisServerExtension.class)
abstract class RedisTestBase {
    static RedissonClient client;
    static RedisPrimitives a, b;

    @BeforeAll
    static void connect() {
        client = Clients.client(RedisServerExtension.shared().uri());
        a = RedisPrimitives.using(client);
        b = RedisPrimitives.using(client);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
        client.shutdown();
    }
}
