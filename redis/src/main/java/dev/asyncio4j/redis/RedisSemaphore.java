package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncSemaphore;
import dev.asyncio4j.Lock;
import dev.asyncio4j.Semaphore;
import org.redisson.api.RPermitExpirableSemaphore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A semaphore shared by every process that names it, on Redisson's expirable-permit semaphore.
 * asyncio: {@code asyncio.Semaphore}, across processes. Made by
 * {@link RedisPrimitives#semaphore(String, int)}.
 *
 * <h2>States</h2>
 * Redis holds the count of free permits and the permits taken, each with its id and its lease.
 * The permits are set when the name is first used; a later handle with another count does not
 * change them. The {@link RedisPrimitives} instance records the ids of the permits it holds and
 * renews their leases every third of the lease; the permits of a process that dies come back
 * within one lease. The total of free and taken permits never exceeds the count (plus what
 * over-releases added, below): the limit holds across every process.
 *
 * <h2>Fairness</h2>
 * Not FIFO across processes: Redis keeps no queue of semaphore waiters. A release wakes the
 * waiting processes (pub/sub) and they race; {@link #tryAcquire()} takes a free permit even while
 * other processes wait. The limit is exact; the order is not. Within one instance, waiters are
 * FIFO: they queue in this JVM ({@link Lock}) and one at a time waits in Redis, and
 * {@code tryAcquire()} fails while one of them waits (a cancelled one does not count).
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending {@link #acquireAsync()} withdraws it: a waiter still in this JVM leaves in
 * O(1); the one waiting in Redis runs until Redis answers, and a permit it got is released at
 * once, so a grant that raced the cancel is never lost. {@code cancel()} returning true means the caller holds
 * nothing, and the request no longer counts as a waiter here: a {@code tryAcquire()} on any thread
 * then takes a free permit. The one request still in Redis may take a permit before it (its
 * command was sent before the cancel) and gives it back once Redis answers; the next waiter of
 * this instance is sent only then. A lost connection fails the pending future (see
 * {@link RedisPrimitives}).
 *
 * <h2>Threads</h2>
 * Thread-safe; futures made on an event loop's thread complete on that loop. {@code release()},
 * {@code tryAcquire()}, {@code locked()} and {@code availablePermits()} are one round trip on the
 * calling thread.
 *
 * <p>asyncio differs, and so does {@link Semaphore}: a {@code release()} returns a permit this
 * instance holds (the oldest); with none held it adds a permit for good, as asyncio's
 * {@code Semaphore} may go above its start value. Waiters are not served FIFO.
 */
public class RedisSemaphore implements AsyncSemaphore {

    final RedisPrimitives owner;
    final String name;
    final String heldKey;
    final RPermitExpirableSemaphore semaphore;
    /** This instance's waiters for the name, in order: one at a time waits in Redis. */
    private final Requests.Turns turns;
    private final Requests.Grant<String, Void> grant;

    RedisSemaphore(RedisPrimitives owner, String name, int permits) {
        this.owner = owner;
        this.name = name;
        this.heldKey = "semaphore\u0000" + name;
        this.semaphore = owner.client().getPermitExpirableSemaphore(name);
        this.turns = owner.turns(heldKey);
        this.grant = owner.holdings.grant(heldKey, this::hold, id -> id, semaphore::tryReleaseAsync);
        Requests.sync(semaphore.trySetPermitsAsync(permits));
    }

    /**
     * asyncio: {@code await sem.acquire()}. Completes once this instance holds a permit.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there; asked for on any other thread, its dependent stages run on this
     * instance's callback threads, never on Redisson's I/O thread (see {@link RedisPrimitives}).
     * Move them with {@code thenApplyAsync(fn, executor)}.
     *
     * @return a future that completes when a permit is held; cancelling it never loses a permit
     */
    @Override
    public final CompletableFuture<Void> acquireAsync() {
        return owner.requests.request(stop -> turns.inTurn(stop,
                () -> semaphore.acquireAsync(owner.leaseMillis(), TimeUnit.MILLISECONDS)), grant);
    }

    /**
     * Takes a free permit without waiting; one round trip. Across processes it may take a permit
     * that a waiter elsewhere was about to get (no queue in Redis). Within this instance it does
     * not pass a waiting {@link #acquireAsync()}: it fails while one waits, from its call until
     * Redis answers it or its future ends. A cancelled acquire no longer counts once its
     * {@code cancel()} returned; but if its command had reached Redis, that command may still take
     * a free permit first (given back once Redis answers), and then this call finds none.
     *
     * @return true if this instance now holds one more permit
     */
    @Override
    public final boolean tryAcquire() {
        if (turns.waiting()) return false; // a waiter of this instance comes first (FIFO here)
        String permitId = Requests.sync(semaphore.tryAcquireAsync(0, owner.leaseMillis(), TimeUnit.MILLISECONDS));
        if (permitId == null) return false;
        hold(permitId);
        return true;
    }

    private void hold(String permitId) {
        owner.holdings.add(heldKey, new Holdings.Held(permitId,
                () -> semaphore.updateLeaseTimeAsync(permitId, owner.leaseMillis(), TimeUnit.MILLISECONDS)));
    }

    /**
     * asyncio: {@code sem.release()}. Returns the oldest permit this instance holds; with none
     * held, {@link #releaseUnheld()} decides. One round trip.
     */
    @Override
    public final void release() {
        Holdings.Held held = owner.holdings.poll(heldKey);
        if (held == null || !Requests.sync(semaphore.tryReleaseAsync(held.id()))) releaseUnheld();
    }

    /**
     * A release by an instance that holds no permit (or whose permit's lease ran out): adds a
     * permit, as asyncio's Semaphore may go above its start value.
     */
    void releaseUnheld() {
        Requests.sync(semaphore.addPermitsAsync(1));
    }

    /**
     * asyncio: {@code sem.locked()}; one round trip.
     *
     * @return true when no permit is free
     */
    @Override
    public final boolean locked() {
        return availablePermits() == 0;
    }

    /**
     * The free permits in Redis at this moment; one round trip.
     *
     * @return the free permits
     */
    @Override
    public final int availablePermits() {
        return Requests.sync(semaphore.availablePermitsAsync());
    }

    /**
     * asyncio: {@code async with sem:}. Acquires, runs {@code body}, releases when its stage
     * completes however it completes; a cancelled acquire never runs body.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there, the body included; asked for on any other thread, its dependent
     * stages run on this instance's callback threads, never on Redisson's I/O thread (see {@link
     * RedisPrimitives}). Move them with {@code thenApplyAsync(fn, executor)}.
     */
    @Override
    public final <T> CompletableFuture<T> withPermitAsync(Supplier<? extends CompletionStage<T>> body) {
        return owner.requests.withHeld(acquireAsync(), body, this::release);
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + name + " [held here:" + owner.holdings.count(heldKey) + "]>";
    }
}
