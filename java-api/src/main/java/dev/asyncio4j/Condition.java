package dev.asyncio4j;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A condition variable: a {@link Lock} plus a queue of tasks and threads waiting to be signalled.
 * asyncio: {@code asyncio.Condition}.
 *
 * <pre>{@code
 * Condition ready = new Condition();
 * // consumer
 * ready.withLockAsync(() -> ready.waitForAsync(() -> !items.isEmpty()).thenApply(v -> items.remove()));
 * // producer
 * ready.withLockAsync(() -> { items.add(x); ready.signal(); return CompletableFuture.completedFuture(null); });
 * }</pre>
 *
 * <h2>States of one wait</h2>
 * <pre>
 *   waitAsync: releases the lock and joins the signal queue, in one step under the lock's mutex
 *   SIGNAL_WAIT --signal / cancel request--&gt; RELOCK (queues for the lock when it resumes)
 *   RELOCK      --lock handed over--&gt; DONE: normally, or with the cancellation (then signals one other)
 *   RELOCK      --waitForAsync, predicate false--&gt; SIGNAL_WAIT again
 * </pre>
 * The signal queue is guarded by the lock's mutex, so no signal is lost between releasing the lock
 * and joining the queue. A signalled waiter leaves the queue at once: signals skip it. Invariant
 * ({@link #invariant()}): the signal queue holds pending waiters only, and the lock's own
 * invariant holds.
 *
 * <h2>Fairness</h2>
 * Signals wake waiters FIFO. A signalled waiter queues for the lock when it resumes, as in
 * asyncio, so acquirers that arrived in between go first; re-check the predicate after waking.
 *
 * <h2>Cancellation</h2>
 * {@code cancel()} on a wait's future is a request, as asyncio's: it returns true if the wait is
 * not complete; the wait leaves the signal queue (if still there), re-acquires the lock, then
 * completes with the {@code CancellationException}, so {@code isDone()} may be false right after
 * {@code cancel()}. The same holds for a task's cancellation reaching the wait (message kept) and
 * for {@code completeExceptionally} (e.g. {@code orTimeout}). Every path ends holding the lock. A
 * wait that ends with a failure signals one other waiter after re-acquiring, so a signal it
 * consumed is not lost (asyncio 3.13+); this can wake a waiter spuriously.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. Only the lock's being
 * locked is checked, not who holds it. Memory consistency: actions before {@code signal()} and the
 * lock's release happen-before the actions of the waiter after its wait completes.
 */
public final class Condition extends Synchronizer {

    private final Lock lock;
    /** Waiters for a signal; guarded by the lock's mutex. */
    private final WaiterQueue waiters = new WaiterQueue();

    /** A condition with a lock of its own. asyncio: {@code asyncio.Condition()}. */
    public Condition() {
        this(new Lock());
    }

    /**
     * A condition on {@code lock}, shared with whoever else uses it. asyncio:
     * {@code asyncio.Condition(lock)}.
     *
     * @param lock the lock to wait with
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    @Override
    Object mutex() {
        return lock;
    }

    /**
     * The lock's {@link Lock#acquireAsync()}. asyncio: {@code await cond.acquire()}.
     *
     * <p>Threads: dependent stages run at once on the calling thread if the lock is free; otherwise
     * on the calling loop's thread, or, for a call made on another thread, on the thread that
     * releases the lock to this waiter. Move them with {@code thenApplyAsync(fn, executor)} (<a
     * href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that completes once the caller holds the lock
     */
    public CompletableFuture<Void> acquireAsync() {
        return lock.acquireAsync();
    }

    /**
     * The lock's {@link Lock#tryAcquire()}.
     *
     * @return true if the lock was taken
     */
    public boolean tryAcquire() {
        return lock.tryAcquire();
    }

    /**
     * The lock's {@link Lock#release()}. asyncio: {@code cond.release()}.
     *
     * @throws IllegalStateException if not locked
     */
    public void release() {
        lock.release();
    }

    /**
     * The lock's {@link Lock#locked()}. asyncio: {@code cond.locked()}.
     *
     * @return true while the lock is held or handed over
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * The lock's {@link Lock#withLockAsync}. asyncio: {@code async with cond: ...}.
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
        return lock.withLockAsync(body);
    }

    /**
     * Waits until signalled. asyncio: {@code await cond.wait()}. The lock must be locked (else the
     * future fails with {@link IllegalStateException} and the lock is untouched). Releases it (a
     * hand-off if it has waiters) and joins the signal queue; completes once signalled and holding
     * the lock again. Ends holding the lock on every path; {@code cancel()} is a request (see the
     * class doc).
     *
     * <p>Threads: dependent stages run on the calling loop's thread, or, for a call made on another
     * thread, on the thread that, after the signal, releases the lock to this waiter. Move them with
     * {@code thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where
     * stages run</a>).
     *
     * @return a future that completes once signalled and holding the lock again
     */
    public CompletableFuture<Void> waitAsync() {
        return startWait(null);
    }

    /**
     * Waits until {@code predicate} is true. asyncio: {@code await cond.wait_for(predicate)}. True
     * at once: a completed future, and the lock is not needed. Otherwise the lock must be locked
     * (else {@link IllegalStateException}); it waits as {@link #waitAsync()} and re-evaluates,
     * holding the lock, until true. A predicate that throws fails the future, with the lock held.
     * The result is {@code Void} (asyncio returns the predicate's value).
     *
     * <p>Threads: dependent stages run at once on the calling thread if the predicate already
     * holds; otherwise as for {@link #waitAsync()}. Move them with {@code thenApplyAsync(fn,
     * executor)} (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @param predicate the condition to wait for; evaluated holding the lock
     * @return a future that completes once {@code predicate} is true, holding the lock
     */
    public CompletableFuture<Void> waitForAsync(BooleanSupplier predicate) {
        if (predicate == null) return CompletableFuture.failedFuture(new NullPointerException("predicate"));
        try {
            if (predicate.getAsBoolean()) return CompletableFuture.completedFuture(null);
        } catch (Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
        return startWait(predicate);
    }

    private CompletableFuture<Void> startWait(BooleanSupplier predicate) {
        if (!lock.locked()) return CompletableFuture.failedFuture(new IllegalStateException("cannot wait on un-acquired lock"));
        Wait wait = new Wait(predicate);
        Waiter<?> chain;
        synchronized (lock) {
            try {
                chain = wait.nextRound();
            } catch (IllegalStateException unlockedMeanwhile) {
                wait.failInternal(unlockedMeanwhile);
                return wait;
            }
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
        return wait;
    }

    /** The lock this condition waits with (for {@link WaiterSpi}). */
    Lock lock() {
        return lock;
    }

    /**
     * {@link WaiterSpi}'s wait: atomically releases the lock and enqueues {@code waiter} in the
     * signal queue; a signal grants it. The caller re-acquires the lock itself.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    void releaseAndEnqueue(Waiter<Void> waiter) {
        Waiter<?> chain;
        synchronized (lock) {
            chain = releaseAndEnqueueHeld(waiter);
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /** Under the lock's mutex: releases the lock (or throws if unlocked), then joins the signal queue. */
    private Waiter<?> releaseAndEnqueueHeld(Waiter<Void> waiter) {
        Waiter<?> chain = lock.releaseHeld(null);
        enqueue(waiters, waiter);
        return chain;
    }

    /**
     * Wakes one waiter. asyncio: {@code cond.notify()}.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the first {@code n} waiters still waiting for a signal, FIFO; each queues for the lock
     * when it resumes. {@code n <= 0} does nothing. Does not release the lock. asyncio:
     * {@code cond.notify(n)}.
     *
     * @param n how many waiters to wake
     * @throws IllegalStateException if the lock is not locked
     */
    public void signal(int n) {
        Waiter<?> chain;
        synchronized (lock) {
            if (!lock.locked()) throw new IllegalStateException("cannot notify on un-acquired lock");
            chain = signalHeld(n, null);
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /**
     * Wakes every waiter still waiting for a signal. asyncio: {@code cond.notify_all()}.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private Waiter<?> signalHeld(int n, Waiter<?> chain) {
        for (Waiter<Void> w; n > 0 && (w = waiters.poll()) != null; n--) chain = w.grant(null, chain);
        return chain;
    }

    /**
     * Under the lock's mutex, which the lock and this condition share: the lock's invariant, and
     * the signal queue holds pending waiters only (a signal grants and unlinks in one step; a
     * request withdraws). Checked at the head, where a signal looks, to stay O(1).
     */
    @Override
    boolean invariant() {
        Waiter<?> first = waiters.peek();
        return lock.invariant() && (first == null || (first.isPending() && first.owner == this));
    }

    // --- waiter core hooks (under the lock's mutex) ---

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        return waiters;
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        return null; // the wait re-acquires, then signals another in its place (3.13+)
    }

    /**
     * How many waits wait for a signal (not those re-acquiring the lock after one). asyncio:
     * {@code len(cond._waiters)}.
     *
     * @return the number of waits not yet signalled
     */
    public int waiterCount() {
        return waiterCount(waiters);
    }

    @Override
    public String toString() {
        return "Condition[" + (lock.locked() ? "locked" : "unlocked") + waitersPart(waiters) + "]";
    }

    /**
     * The future of one {@code waitAsync}/{@code waitForAsync}: rounds of (signal wait, re-acquire),
     * one round for {@code waitAsync}. Its cancellation is a request that ends the wait once the
     * lock is held again.
     */
    private final class Wait extends LibraryFuture<Void> {
        private final BooleanSupplier predicate;
        private final EventLoop home = EventLoop.currentOrNull();
        /** This round's place in the signal queue. Guarded by the lock's mutex, as are the fields below. */
        private Waiter<Void> signalled;
        private volatile boolean requested;
        /** What a request ends the wait with: null for a normal end ({@code complete}). */
        private Throwable requestedOutcome;
        private boolean finished;

        Wait(BooleanSupplier predicate) {
            this.predicate = predicate;
        }

        /** Under the lock's mutex, holding the lock: a new signal wait. */
        Waiter<?> nextRound() {
            signalled = new Step(false);
            return releaseAndEnqueueHeld(signalled);
        }

        /** Signalled, or the signal wait was withdrawn by a request: queue for the lock. */
        void reacquire() {
            Step relock = new Step(true);
            if (lock.acquireOrEnqueue(relock)) relocked();
        }

        /** Holding the lock again: finish, or (waitForAsync, predicate false) wait for another signal. */
        void relocked() {
            boolean satisfied = predicate == null;
            Throwable error = null;
            if (!satisfied && !requested) {
                try {
                    satisfied = predicate.getAsBoolean();
                } catch (Throwable predicateError) {
                    error = predicateError;
                }
            }
            Waiter<?> chain = null;
            boolean again = false;
            synchronized (lock) {
                if (requested) {
                    error = requestedOutcome;
                    if (error != null) chain = signalHeld(1, null); // pass on a signal this wait may have consumed
                } else if (!satisfied && error == null) {
                    again = true;
                    chain = nextRound();
                }
                finished = !again;
                assert invariant() : Condition.this;
            }
            Waiter.dispatch(chain);
            if (again) return;
            if (error == null) completeInternal(null);
            else failInternal(error);
        }

        /** A request to end the wait with {@code outcome} (null: normally) once the lock is held again. */
        private boolean request(Throwable outcome) {
            boolean withdrawn;
            synchronized (lock) {
                if (finished || isDone()) return false;
                if (requested) return true;
                requestedOutcome = outcome;
                requested = true;
                withdrawn = signalled != null && signalled.cancel();
                assert invariant() : Condition.this;
            }
            if (withdrawn) onLoop(this::reacquire);
            return true;
        }

        /** Runs {@code r} on this wait's loop, on a later iteration (asyncio: the cancelled task's next step); inline off-loop. */
        private void onLoop(LoopWork r) {
            if (home != null && !home.isClosed()) {
                try {
                    home.schedule(r);
                    return;
                } catch (IllegalStateException closedMeanwhile) {
                    // run it here: the wait must still end holding the lock
                }
            }
            r.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return request(new CancellationException());
        }

        @Override
        boolean requestCancel(String message) {
            return request(new CancellationException(message));
        }

        @Override
        public boolean complete(Void value) {
            return request(null);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            return request(Objects.requireNonNull(error));
        }

        /** One step's waiter: the signal wait, or the re-acquire. */
        private final class Step extends Waiter<Void> {
            private final boolean relock;

            Step(boolean relock) {
                super(home != null);
                this.relock = relock;
            }

            @Override
            boolean acceptsAsItResumes() {
                return true; // a future's strategy: what it is granted is taken as it resumes
            }

            @Override
            protected void resumed(Void value) {
                if (relock) relocked();
                else reacquire();
            }

            @Override
            protected void failed(Throwable error) {
                failInternal(error); // neither the lock nor the condition fails a waiter
            }
        }
    }
}
