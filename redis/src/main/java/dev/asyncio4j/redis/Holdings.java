package dev.asyncio4j.redis;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /**
     * The grant of one thing held under {@code name}: taking it records it ({@code hold}); giving
     * it back returns one holding of the name to Redis ({@code release}, by id). A taken grant
     * gives back whichever holding it finds, not necessarily its own: what is held under one name
     * is interchangeable (permits; a lock has one holding at a time), and a release on another
     * thread may already have taken this one in the window between the take and the cancel. So
     * the count held here always equals the count held in Redis, and nothing stays taken.
     */
    <R> Requests.Grant<R, Void> grant(String name, Consumer<R> hold, Function<R, String> id, Consumer<String> release) {
        return new Requests.Grant<>() {
            @Override
            public Void take(R r) {
                hold.accept(r);
                return null;
            }

            @Override
            public void giveBack(R r, boolean taken) {
                if (!taken) {
                    release.accept(id.apply(r));
                    return;
                }
                Held held = poll(name);
                if (held != null) release.accept(held.id());
            }
        };
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
