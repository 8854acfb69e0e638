package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.Lock;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A lock shared by every process that names it, on Redisson's fair lock. asyncio:
 * {@code asyncio.Lock}, across processes. Made by {@link RedisPrimitives#lock(String)}.
 *
 * <h2>States</h2>
 * Redis holds the lock's key (a hash naming the holder's token) with a lease, and the fair lock's
 * queue of waiters. Each acquisition gets a new token; the {@link RedisPrimitives} instance
 * records it, so any handle of that instance, on any thread, releases it. The holder renews the
 * lease every third of it; a holder whose process dies loses the lock within one lease.
 *
 * <h2>Fairness</h2>
 * Waiters are served FIFO across processes (the fair lock's queue in Redis), and
 * {@link #tryAcquire()} does not barge past a queued waiter. The waiters of one instance for one
 * name wait in this JVM in FIFO order ({@link Lock}) and enter Redis's queue one at a time, the
 * next once the previous one is granted: so a waiter of another process that arrives meanwhile
 * may be served between two of them, and a process never has more than one subscription per lock
 * however many of its tasks wait; {@link #tryAcquire()} fails while one of them waits (a
 * cancelled one does not count). A waiter whose process dies leaves Redis's queue after
 * Redisson's fair-lock wait timeout (5 minutes by default).
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending {@link #acquireAsync()} withdraws it: a waiter still in this JVM leaves in
 * O(1); one already in Redis's queue keeps its place until Redis grants it, and then releases the
 * lock at once (to the next waiter), so a grant that raced the cancel is never lost. {@code cancel()} returning
 * true means the caller holds nothing, and the request no longer counts as a waiter of this
 * instance: only its place in Redis's queue, if it had one, still keeps a {@code tryAcquire()}
 * out, as any queued waiter does. A lost connection fails the pending future with
 * {@link org.redisson.client.RedisConnectionException} (see {@link RedisPrimitives}).
 *
 * <h2>Threads</h2>
 * Thread-safe; futures made on an event loop's thread complete on that loop. {@code release()},
 * {@code tryAcquire()} and {@code locked()} are one round trip to Redis on the calling thread.
 * A release happens-before the acquire it hands the lock to, in whatever process.
 *
 * <p>asyncio differs, and so does {@link Lock}: asyncio's lock has no owner; this one has an
 * owner process (the instance), so a release by an instance that does not hold it throws
 * {@link IllegalStateException}. A {@code tryAcquire()} that succeeds leaves the lease to the
 * client's lock watchdog timeout (Redisson's, 30 s by default; {@link RedisPrimitives#connect}
 * sets it to the lease). Every call is a round trip, never the in-JVM lock's CAS.
 */
public final class RedisLock implements AsyncLock {

    /** Tokens are unique in this JVM; Redisson prefixes them with its client's id. */
    private static final AtomicLong TOKENS = new AtomicLong();

    private static final String RENEW =
            "if redis.call('hexists', KEYS[1], ARGV[1]) == 1 then "
                    + "redis.call('pexpire', KEYS[1], ARGV[2]); return 1; end; return 0;";

    private final RedisPrimitives owner;
    private final String name;
    private final String heldKey;
    private final RLock lock;
    /** This instance's waiters for the name, in order: one at a time goes to Redis (see Fairness). */
    private final Requests.Turns turns;
    private final Requests.Grant<Long, Void> grant;

    RedisLock(RedisPrimitives owner, String name) {
        this.owner = owner;
        this.name = name;
        this.heldKey = "lock\u0000" + name;
        this.lock = owner.client().getFairLock(name);
        this.turns = owner.turns(heldKey);
        this.grant = owner.holdings.grant(heldKey, this::hold, String::valueOf, id -> lock.unlockAsync(Long.parseLong(id)));
    }

    /**
     * asyncio: {@code await lock.acquire()}. Queues in Redis behind earlier waiters of every
     * process; completes once this instance holds the lock.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there; asked for on any other thread, its dependent stages run on this
     * instance's callback threads, never on Redisson's I/O thread (see {@link RedisPrimitives}).
     * Move them with {@code thenApplyAsync(fn, executor)}.
     *
     * @return a future that completes when the lock is held; cancelling it never leaves it taken
     */
    @Override
    public CompletableFuture<Void> acquireAsync() {
        long token = TOKENS.incrementAndGet();
        return owner.requests.request(stop -> turns.inTurn(stop,
                () -> lock.lockAsync(owner.leaseMillis(), TimeUnit.MILLISECONDS, token).thenApply(v -> token)), grant);
    }

    /**
     * asyncio: {@code lock.locked()} then acquire, without waiting; one round trip. Fails while
     * a waiting {@link #acquireAsync()} of this instance has not been answered or ended (a
     * cancelled one no longer counts once its {@code cancel()} returned), and while anybody waits
     * in Redis's queue, a cancelled waiter of this instance that got there included: it keeps its
     * place until granted, then releases.
     *
     * @return true if this instance now holds the lock (it was free and nobody queued)
     */
    @Override
    public boolean tryAcquire() {
        if (turns.waiting()) return false; // a waiter of this instance comes first (FIFO here)
        long token = TOKENS.incrementAndGet();
        if (!Requests.sync(lock.tryLockAsync(token))) return false;
        hold(token);
        return true;
    }

    private void hold(long token) {
        String field = owner.client().getId() + ":" + token;
        RScript script = owner.client().getScript(StringCodec.INSTANCE);
        owner.holdings.add(heldKey, new Holdings.Held(String.valueOf(token), () -> script.evalAsync(name,
                RScript.Mode.READ_WRITE, RENEW, RScript.ReturnType.BOOLEAN, List.of(name), field,
                String.valueOf(owner.leaseMillis()))));
    }

    /**
     * asyncio: {@code lock.release()}. Releases what this instance holds, from any thread; the
     * first waiter in Redis's queue gets the lock.
     *
     * @throws IllegalStateException if this instance does not hold the lock, or its lease ran out
     *     and Redis gave the lock away
     */
    @Override
    public void release() {
        Holdings.Held held = owner.holdings.poll(heldKey);
        if (held == null) throw new IllegalStateException("lock '" + name + "' is not held by this RedisPrimitives");
        try {
            Requests.sync(lock.unlockAsync(Long.parseLong(held.id())));
        } catch (IllegalMonitorStateException lost) {
            throw new IllegalStateException("lock '" + name + "' was lost: its lease ran out", lost);
        }
    }

    /**
     * asyncio: {@code lock.locked()}; one round trip.
     *
     * @return true while any process holds the lock
     */
    @Override
    public boolean locked() {
        return Requests.sync(lock.isLockedAsync());
    }

    /**
     * asyncio: {@code async with lock:}. Acquires, runs {@code body}, releases when its stage
     * completes however it completes; a cancelled acquire never runs body.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there, the body included; asked for on any other thread, its dependent
     * stages run on this instance's callback threads, never on Redisson's I/O thread (see {@link
     * RedisPrimitives}). Move them with {@code thenApplyAsync(fn, executor)}.
     */
    @Override
    public <T> CompletableFuture<T> withLockAsync(Supplier<? extends CompletionStage<T>> body) {
        return owner.requests.withHeld(acquireAsync(), body, this::release);
    }

    @Override
    public String toString() {
        return "<RedisLock " + name + " [" + (owner.holdings.count(heldKey) > 0 ? "held here" : "not held here") + "]>";
    }
}
