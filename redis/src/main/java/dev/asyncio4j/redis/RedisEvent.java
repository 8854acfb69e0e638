package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncEvent;
import dev.asyncio4j.Event;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An event flag shared by every process that names it. asyncio: {@code asyncio.Event}, across
 * processes. Made by {@link RedisPrimitives#event(String)}.
 *
 * <h2>States</h2>
 * Set: the Redis key {@code name} exists. {@link #set()} writes it and publishes a wake-up on
 * the channel {@code asyncio4j:event:<name>} in one script; {@link #clear()} deletes it.
 *
 * <h2>Wake-ups</h2>
 * A {@code set()} wakes every waiter in every process, even one that a {@code clear()} right
 * after it would have found clear (asyncio's rule). No wake-up is lost: a waiter subscribes to the
 * channel before it reads the flag, and a message that arrives between the read and its parking
 * wakes it at once.
 *
 * <h2>Cancellation</h2>
 * Cancelling a {@link #waitAsync()} withdraws it; nothing else changes. A lost connection fails
 * the pending future (see {@link RedisPrimitives}): a wake-up published while this process was
 * cut off cannot be seen, so the wait fails rather than hangs.
 *
 * <h2>Threads</h2>
 * Thread-safe; futures made on an event loop's thread complete on that loop. {@code set()},
 * {@code clear()} and {@code isSet()} are one round trip on the calling thread.
 *
 * <p>asyncio differs, and so does {@link Event}: {@code waitAsync()} on a set event still asks
 * Redis (one round trip); it never completes inside the call.
 */
public final class RedisEvent implements AsyncEvent {

    private static final String SET = "redis.call('set', KEYS[1], '1'); redis.call('publish', ARGV[1], '1'); return 1;";

    private final RedisPrimitives owner;
    private final String name;
    private final RBucket<String> flag;
    private final RScript script;
    private final Wakeups wakeups;

    RedisEvent(RedisPrimitives owner, String name) {
        this.owner = owner;
        this.name = name;
        this.flag = owner.client().getBucket(name, StringCodec.INSTANCE);
        this.script = owner.client().getScript(StringCodec.INSTANCE);
        this.wakeups = owner.wakeups("asyncio4j:event:" + name);
    }

    /**
     * asyncio: {@code await event.wait()}.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there; asked for on any other thread, its dependent stages run on this
     * instance's callback threads, never on Redisson's I/O thread (see {@link RedisPrimitives}).
     * Move them with {@code thenApplyAsync(fn, executor)}.
     *
     * @return a future that completes once the flag is set (after one round trip if it is set now)
     */
    @Override
    public CompletableFuture<Void> waitAsync() {
        return owner.requests.request(stop -> {
            CompletableFuture<Void> woken = new CompletableFuture<>();
            Parked waiter = new Parked() {
                @Override
                public void woken() {
                    woken.complete(null); // a set() was published (even if cleared since: asyncio's rule), or the caller is gone
                }

                @Override
                public void recheck() {
                    check(woken, this, stop);
                }
            };
            stop.whenDoneHere(() -> wakeups.unpark(waiter));
            wakeups.subscribed().whenComplete((v, e) -> {
                if (e != null) woken.completeExceptionally(e);
                else check(woken, waiter, stop);
            });
            return woken;
        }, Requests.Grant.none());
    }

    /** Reads the flag: set completes {@code woken}, clear parks {@code waiter} until a wake-up or {@code stop}. */
    private void check(CompletableFuture<Void> woken, Parked waiter, CompletableFuture<?> stop) {
        long seen = wakeups.epoch();
        flag.isExistsAsync().whenComplete((set, e) -> {
            if (e != null) woken.completeExceptionally(e);
            else if (set) woken.complete(null);
            else wakeups.parkAfter(seen, waiter, stop);
        });
    }

    /** asyncio: {@code event.set()}. Sets the flag and wakes every waiter in every process. */
    @Override
    public void set() {
        Requests.sync(script.evalAsync(name, RScript.Mode.READ_WRITE, SET, RScript.ReturnType.BOOLEAN,
                List.of(name), wakeups.channel()));
    }

    /** asyncio: {@code event.clear()}. */
    @Override
    public void clear() {
        Requests.sync(flag.deleteAsync());
    }

    /**
     * asyncio: {@code event.is_set()}; one round trip.
     *
     * @return the flag
     */
    @Override
    public boolean isSet() {
        return Requests.sync(flag.isExistsAsync());
    }

    @Override
    public String toString() {
        return "<RedisEvent " + name + ">";
    }
}
