package dev.asyncio4j.redis;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.StringCodec;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A waiter parked until a message; {@link #recheck()} runs instead when the channel was
 * subscribed again after a lost connection (messages published meanwhile were never seen).
 */
interface Parked {
    void woken();

    /** Re-reads the state the waiter waits for; by default, as if woken. */
    default void recheck() {
        woken();
    }
}

/**
 * A pub/sub channel whose messages wake this JVM's waiters on one name: an event's {@code set()},
 * a queue's put or get. Redis keeps no queue of such waiters, so they are not FIFO across
 * processes: a message wakes every waiter, and they race.
 *
 * <p>No lost wake-up: a waiter subscribes before it checks, and the epoch (the count of messages
 * seen) tells whether one arrived between its check and its parking; if so it is woken at once.
 * After a lost connection Redisson subscribes again; messages published in between are gone, so
 * every parked waiter then re-checks the state it waits for.
 */
final class Wakeups {
    private final RTopic topic;
    private final String channel;
    private final AtomicLong epoch = new AtomicLong();
    private final Set<Parked> parked = ConcurrentHashMap.newKeySet();
    private volatile CompletableFuture<Void> subscribed;
    private final Set<Integer> listenerIds = ConcurrentHashMap.newKeySet();

    Wakeups(RedissonClient client, String channel) {
        this.channel = channel;
        this.topic = client.getTopic(channel, StringCodec.INSTANCE);
    }

    String channel() {
        return channel;
    }

    /** Completes once this JVM is subscribed (the first call subscribes). */
    CompletableFuture<Void> subscribed() {
        CompletableFuture<Void> s = subscribed;
        if (s != null && !s.isCompletedExceptionally()) return s;
        synchronized (this) {
            if (subscribed == null || subscribed.isCompletedExceptionally()) {
                subscribed = topic.addListenerAsync(String.class, (ch, msg) -> wakeAll())
                        .thenCompose(id -> {
                            listenerIds.add(id);
                            return topic.addListenerAsync(new BaseStatusListener() {
                                @Override
                                public void onSubscribe(String ch) {
                                    recheckAll(); // the first time, nobody is parked yet
                                }
                            });
                        })
                        .toCompletableFuture().thenApply(id -> {
                            listenerIds.add(id);
                            return null;
                        });
            }
            return subscribed;
        }
    }

    long epoch() {
        return epoch.get();
    }

    /**
     * Wakes {@code waiter} on the next message after {@code seen}: at once if one came since, or
     * if {@code stop} is done (its caller is gone; the stop's unpark may have run before this
     * parking, and nothing else would remove the waiter until the next message).
     */
    void parkAfter(long seen, Parked waiter, CompletableFuture<?> stop) {
        parked.add(waiter);
        if ((epoch.get() != seen || stop.isDone()) && parked.remove(waiter)) waiter.woken();
    }

    boolean unpark(Parked waiter) {
        return parked.remove(waiter);
    }

    int parkedCount() {
        return parked.size();
    }

    private void wakeAll() {
        epoch.incrementAndGet();
        for (Parked waiter : parked) {
            if (parked.remove(waiter)) waiter.woken();
        }
    }

    private void recheckAll() {
        epoch.incrementAndGet();
        for (Parked waiter : parked) {
            if (parked.remove(waiter)) waiter.recheck();
        }
    }

    /**
     * Repeats {@code attempt} until it gives a value, once now and again after each message;
     * stops (completing with null) once {@code stop} is done.
     */
    <R> CompletionStage<R> retryUntil(Supplier<? extends CompletionStage<R>> attempt, OffIoFuture<?> stop) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Parked[] self = new Parked[1];
        self[0] = () -> {
            if (stop.isDone()) {
                result.complete(null);
                return;
            }
            long seen = epoch();
            attempt.get().whenComplete((r, e) -> {
                if (e != null) result.completeExceptionally(e);
                else if (r != null) result.complete(r); // after a stop too: the caller gives it back
                else parkAfter(seen, self[0], stop);
            });
        };
        stop.whenDoneHere(() -> {
            if (unpark(self[0])) result.complete(null); // parked: no attempt in flight
        });
        subscribed().whenComplete((v, e) -> {
            if (e != null) result.completeExceptionally(e);
            else self[0].woken();
        });
        return result;
    }

    /** Removes this instance's listeners (not those of other instances on the same client). */
    void close() {
        if (!listenerIds.isEmpty()) topic.removeListenerAsync(listenerIds.toArray(Integer[]::new));
    }
}
