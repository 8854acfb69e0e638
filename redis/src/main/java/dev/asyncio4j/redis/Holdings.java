package dev.asyncio4j.redis;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What one {@link RedisPrimitives} instance holds, by Redis name: lock tokens and permit ids. Any
 * handle of the instance may release what the instance holds under a name (asyncio's primitives
 * have no owner); another instance holds nothing here, so its release is refused.
 *
 * <p>Everything held has a lease in Redis; a timer renews every holding at a third of the lease,
 * so a live instance keeps what it holds and a dead one loses it within one lease.
 */
final class Holdings implements AutoCloseable {

    /** One thing held: its id in Redis and how to extend its lease. */
    record Held(String id, Runnable renew) {
    }

    private final ConcurrentHashMap<String, Deque<Held>> byName = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> renewal;

    Holdings(ScheduledExecutorService timer, Duration lease) {
        long every = Math.max(1, lease.toMillis() / 3);
        renewal = timer.scheduleAtFixedRate(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    void add(String name, Held held) {
        byName.computeIfAbsent(name, k -> new ConcurrentLinkedDeque<>()).add(held);
    }

    /** Takes the oldest holding under {@code name} to release it, or null if this instance holds none. */
    Held poll(String name) {
        Deque<Held> held = byName.get(name);
        return held == null ? null : held.poll();
    }

    /** Forgets the holding {@code id}; false if it was already gone (released meanwhile). */
    boolean remove(String name, String id) {
        Deque<Held> all = byName.get(name);
        return all != null && all.removeIf(held -> held.id().equals(id));
    }

    int count(String name) {
        Deque<Held> held = byName.get(name);
        return held == null ? 0 : held.size();
    }

    private void renewAll() {
        for (Deque<Held> all : byName.values()) {
            for (Held held : all) held.renew().run();
        }
    }

    @Override
    public void close() {
        renewal.cancel(false);
    }
}
