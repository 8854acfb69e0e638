package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A mutual-exclusion lock for tasks and threads. asyncio: {@code asyncio.Lock}.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * CompletableFuture<Integer> r = lock.withLockAsync(() -> readModifyWrite());
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   UNLOCKED --acquire/tryAcquire (CAS)--&gt; LOCKED --acquire (queues)--&gt; LOCKED_QUEUED
 *   LOCKED --release (CAS)--&gt; UNLOCKED
 *   LOCKED_QUEUED --release--&gt; hands the lock to the first waiter: LOCKED_QUEUED, or LOCKED
 *                                when that was the last one (the lock never becomes free)
 * </pre>
 * The uncontended path is one CAS to acquire and one to release; anything that involves waiters
 * takes the mutex. Invariant ({@link #invariant()}): LOCKED_QUEUED exactly while somebody is
 * queued; so while unlocked, nobody is queued.
 *
 * <h2>Fairness and hand-off</h2>
 * Waiters are served FIFO, and a newcomer never barges: while the lock is held or handed over,
 * {@link #tryAcquire()} fails and {@link #acquireAsync()} queues. {@link #release()} hands the
 * lock straight to the first waiter, which owns it from then on, though it resumes later (on its
 * loop, on a later iteration; or on the releasing thread for a waiter made off-loop). So
 * {@link #locked()} stays true across a hand-off. asyncio differs here: its lock is unlocked until
 * the woken waiter runs.
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending acquire withdraws it; cancelling one that was granted but has not resumed
 * (a task's, whose loop resumes it on a later iteration) passes the lock to the next waiter, or
 * unlocks it. A thread's waiter is resumed together with its grant. {@code cancel()} returning
 * true means the caller does not hold the lock.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. There is no ownership: any
 * task or thread may release. Memory consistency: actions before {@code release()} happen-before
 * the actions of the acquirer that the release hands off to. Thread code (platform or virtual
 * threads) may also block: {@link #acquireInterruptibly()} and {@link #tryAcquire(long, TimeUnit)}
 * wait on the calling thread, interruptibly, in the same FIFO, and hold nothing when they time out
 * or are interrupted; they are refused with {@code IllegalStateException} on a loop thread, where
 * blocking would stop the loop.
 */
public final class Lock extends Acquirable implements AsyncLock {

    private static final int UNLOCKED = 0, LOCKED = 1, LOCKED_QUEUED = 2;
    private static final VarHandle STATE = VarHandles.field(MethodHandles.lookup(), Lock.class, "state", int.class);

    private volatile int state = UNLOCKED;
    private final WaiterQueue waiters = new WaiterQueue();

    /** A new, unlocked lock. asyncio: {@code asyncio.Lock()}. */
    public Lock() {
    }

    /**
     * Acquires the lock. asyncio: {@code await lock.acquire()}. Unlocked: returns a completed
     * future. Otherwise queues (FIFO); the future completes once the lock was handed over and the
     * waiter resumed. Cancelling it withdraws the request (see the class doc).
     *
     * <p>Threads: dependent stages run at once on the calling thread if the lock is free; otherwise
     * on the calling loop's thread, or, for a call made on another thread, on the thread that
     * releases the lock to this waiter. Move them with {@code thenApplyAsync(fn, executor)} (<a
     * href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that completes once the caller holds the lock
     */
    public CompletableFuture<Void> acquireAsync() {
        if (STATE.compareAndSet(this, UNLOCKED, LOCKED)) return CompletableFuture.completedFuture(null);
        WaiterFuture<Void> future = new WaiterFuture<>();
        if (acquireOrEnqueue(future.waiter)) future.completeInternal(null);
        return future;
    }

    /** The slow path of an acquire ({@link WaiterSpi}'s too): takes the lock if free (true), or enqueues {@code waiter}. */
    @Override
    boolean acquireOrEnqueue(Waiter<Void> waiter) {
        synchronized (this) {
            for (;;) {
                int s = state;
                if (s == UNLOCKED) {
                    if (STATE.compareAndSet(this, UNLOCKED, LOCKED)) return true;
                } else if (s == LOCKED_QUEUED || STATE.compareAndSet(this, LOCKED, LOCKED_QUEUED)) {
                    enqueue(waiters, waiter);
                    assert invariant() : this;
                    return false;
                }
            }
        }
    }

    /**
     * Takes the lock if it is free and nobody is queued; never waits. asyncio:
     * {@code lock.locked()} then acquire, without suspending.
     *
     * @return true if the lock was taken
     */
    public boolean tryAcquire() {
        return STATE.compareAndSet(this, UNLOCKED, LOCKED);
    }

    /**
     * Releases the lock: hands it to the first waiter, or unlocks it. asyncio: {@code lock.release()}.
     * Any thread may call it.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        if (STATE.compareAndSet(this, LOCKED, UNLOCKED)) return;
        Waiter<?> granted;
        synchronized (this) {
            granted = releaseHeld(null);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    /** Release under the mutex; returns {@code chain} plus the waiter granted, if any. */
    Waiter<?> releaseHeld(Waiter<?> chain) {
        for (;;) {
            int s = state;
            if (s == UNLOCKED) throw new IllegalStateException("Lock is not acquired");
            if (s == LOCKED_QUEUED) return handOff(chain);
            if (STATE.compareAndSet(this, LOCKED, UNLOCKED)) return chain;
        }
    }

    /** The lock passes to the first waiter (state LOCKED_QUEUED, under the mutex), or becomes free if none. */
    private Waiter<?> handOff(Waiter<?> chain) {
        Waiter<Void> next = waiters.poll();
        if (next == null) {
            state = UNLOCKED;
            return chain;
        }
        if (waiters.isEmpty()) state = LOCKED;
        chain = next.grant(null, chain);
        next.resumeInPlace(); // a thread's waiter holds the lock from here: no cancellation can pass it on
        return chain;
    }

    /**
     * True while the lock is held or handed over to a waiter that has not resumed. asyncio:
     * {@code lock.locked()}.
     *
     * @return true while the lock is held or handed over
     */
    public boolean locked() {
        return state != UNLOCKED;
    }

    /**
     * How many acquires wait (not counting one handed the lock). asyncio: {@code len(lock._waiters)}.
     *
     * @return the number of pending acquires
     */
    public int waiterCount() {
        return waiterCount(waiters);
    }

    /**
     * Acquires, runs {@code body}, and releases when body's stage completes, whatever its outcome;
     * the returned future completes with that outcome. asyncio: {@code async with lock: ...}. A body
     * that throws counts as a failed stage; a cancelled acquire never runs the body.
     *
     * <p>Threads: the body runs where a dependent stage of {@link #acquireAsync()} would (see
     * there); the returned future completes, and its dependent stages run, on the thread that
     * completes the body's stage, after the release. Move them with {@code thenApplyAsync(fn,
     * executor)} (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @param body the work to run while holding the lock
     * @param <T> the type of the body's result
     * @return a future of the body's outcome, completed after the lock is released
     */
    public <T> CompletableFuture<T> withLockAsync(Supplier<? extends CompletionStage<T>> body) {
        return Guard.withHeld(acquireAsync(), body, this::release);
    }

    /**
     * Under the mutex: LOCKED_QUEUED exactly while a waiter is queued (hence unlocked implies no
     * waiters). The fast paths' CASes outside the mutex only move between UNLOCKED and LOCKED, so
     * they cannot falsify it.
     */
    @Override
    boolean invariant() {
        return (state == LOCKED_QUEUED) == !waiters.isEmpty();
    }

    // --- waiter core hooks (under the mutex) ---

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        return waiters;
    }

    @Override
    Waiter<?> withdrawn(Waiter<?> w) {
        if (waiters.isEmpty() && state == LOCKED_QUEUED) state = LOCKED;
        return null;
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        // The cancelled waiter held the lock: it passes on, or the lock becomes free.
        if (state == LOCKED_QUEUED) return handOff(null);
        STATE.compareAndSet(this, LOCKED, UNLOCKED);
        return null;
    }

    @Override
    public String toString() {
        return "Lock[" + (state == UNLOCKED ? "unlocked" : "locked") + waitersPart(waiters) + "]";
    }
}
