package dev.asyncio4j.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.util.UUID;

/** Redisson clients for the tests: short timeouts, so a lost connection shows quickly. */
final class Clients {
    private Clients() {
    }

    static RedissonClient client(String uri) {
        Config config = new Config();
        config.useSingleServer().setAddress(uri).setTimeout(3000).setConnectTimeout(1000)
                .setRetryAttempts(1).setRetryInterval(200)
                .setConnectionMinimumIdleSize(2).setSubscriptionConnectionMinimumIdleSize(1);
        return Redisson.create(config);
    }

    /** A name no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
