package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * One queued request on a primitive (asyncio: a future in a primitive's {@code _waiters} deque):
 * the waiter core that every primitive and queue is built on. Public only so that another
 * resumption strategy (the Kotlin bridge's continuations) can extend it and share the primitives'
 * queues with the Java futures, through {@link WaiterSpi}; not for applications, which use the
 * primitives' own methods.
 *
 * <h2>Overview</h2>
 * A primitive is a small state machine (a flag, a counter, a list of items) plus FIFO
 * {@link WaiterQueue}s of waiters, guarded by one monitor, the primitive's {@linkplain
 * Synchronizer#mutex() mutex}. A waiter does not know how it will be resumed: a subclass supplies
 * that through {@link #resumed} and {@link #failed} (complete a {@code CompletableFuture}, resume a
 * Kotlin continuation, unpark a blocked thread).
 *
 * <h2>States</h2>
 * <pre>
 *              grant(value) / fail(error)              resume               accept()
 *   PENDING ------------------------------&gt; GRANTED -----------&gt; RESUMED -----------&gt; ACCEPTED
 *      |     (under the mutex; unlinked)     |  |                  ^   |
 *      |                                     |  +------------------+   | giveBack()
 *      |                                     |    resumeInPlace()      v
 *      | cancel(): unlink, O(1)              | cancel(): CAS         RETURNED
 *      v                                     v   GRANTED -&gt; CANCELLED
 *  CANCELLED  &lt;------------------------------+
 * </pre>
 * <ul>
 *   <li><b>grant / fail</b>, under the mutex: the waiter leaves its queue and joins the chain the
 *       operation returns.</li>
 *   <li><b>resume</b>, outside the mutex, when the chain is dispatched: a CAS that a cancellation
 *       may win; then {@link Synchronizer#resumedHook} (which may still turn the grant into a
 *       failure), then {@link #resumed} or {@link #failed}.</li>
 *   <li><b>resumeInPlace()</b>, under the mutex, in the critical section that granted the waiter,
 *       for a waiter that no loop resumes: no cancellation can come between grant and resumption,
 *       and the primitive applies what the resumption does itself (no {@code resumedHook}). Only
 *       the delivery follows the mutex, when the chain is dispatched.</li>
 *   <li><b>accept() or giveBack()</b>, once, after a resumed grant (never after a failure): the
 *       caller takes the grant, or it will not (a Kotlin continuation cancelled between its
 *       resumption and running again). {@link Synchronizer#accepted} applies what taking it means
 *       (a queue put's item enters the queue: the one place it does); {@link
 *       Synchronizer#resumedGrantReturned} passes a returned grant on, as a cancellation after the
 *       grant would. The Java futures accept as they resume (with {@code resumeInPlace}: under
 *       the same mutex); another strategy calls one of the two itself (accepting may be left out
 *       where the primitive has nothing to apply: everywhere but a queue put).</li>
 *   <li><b>cancel()</b> after the grant: {@link Synchronizer#grantCancelled} passes the grant on
 *       (a failure passes nothing on).</li>
 * </ul>
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li><b>Hand-off.</b> Freeing a primitive grants it to the first pending waiter under the
 *       mutex: from then on the waiter owns the lock, permit, item or slot, though it resumes
 *       later. Granted waiters leave the queue and are chained through their (now free) {@code
 *       next} link; the primitive returns that chain, and the caller {@link #dispatch dispatches}
 *       it once the mutex is released, so no lock is held while a future completes.</li>
 *   <li><b>Roles.</b> A primitive with several kinds of waiter (a queue's getters, putters and
 *       joiners; a barrier's parties and gate) gives each waiter a {@link Role}: what the request
 *       is, and which of its queues holds it ({@link Synchronizer#queueOf}).</li>
 *   <li><b>Where a waiter resumes.</b> A waiter made on a loop thread ({@link #loop} not null) is
 *       resumed by a callback on that loop's ready queue, so never inside the {@code release()}
 *       that granted it. Any other waiter is resumed by the thread that dispatches it; nested
 *       resumptions on one thread are trampolined, so a chain of waiters that each release in
 *       their continuation runs in a loop, not a recursion. Lock, Semaphore, Barrier and a
 *       Queue's putters resume such a waiter together with its grant, under the mutex
 *       ({@link #resumeInPlace()}): only its delivery follows the mutex, so no other thread sees a
 *       lock, permit or slot that is neither free nor held (asyncio's "woken but not yet running"
 *       state exists for tasks only).</li>
 *   <li><b>Cancellation</b> takes the mutex. A pending waiter is unlinked in O(1); a granted one
 *       loses a CAS race to resumption or wins it, and then the primitive's {@link
 *       Synchronizer#grantCancelled} passes what was granted to the next waiter or back. A resumed
 *       waiter cannot be cancelled: the caller holds what it asked for.</li>
 *   <li><b>Memory consistency.</b> State changes happen under the primitive's mutex, and the
 *       resumption follows the grant through a volatile state, so everything a thread did before
 *       releasing a primitive happens-before what the waiter it hands off to does after resuming.</li>
 *   <li><b>Footprint.</b> A waiter is one object of seven fields, the least a queued, cancellable
 *       request needs: no link object, no per-queue pointer, no flags beside the state.</li>
 * </ul>
 *
 * @param <T> what a grant carries: {@code Void} for locks and events, the index for a barrier,
 *     the item for a queue getter
 */
public abstract class Waiter<T> implements LoopWork {

    static final int PENDING = 0, GRANTED = 1, CANCELLED = 2, RESUMED = 3, ACCEPTED = 4, RETURNED = 5;
    private static final String[] STATE_NAMES = {"pending", "granted", "cancelled", "resumed", "accepted", "returned"};
    private static final VarHandle STATE = VarHandles.field(MethodHandles.lookup(), Waiter.class, "state", int.class);

    /** What a waiter is to a primitive with several kinds of waiter; each primitive types its own. */
    interface Role {
    }

    private volatile int state = PENDING;
    /** The primitive this waiter queues on; set when it is enqueued. */
    Synchronizer owner;
    /** Queue links, guarded by the owner's mutex; once granted, {@code next} chains the waiters one operation granted. */
    Waiter<?> prev, next;
    /** What the grant carries, or the failure it ends with. */
    T value;
    Throwable failure;
    /** What the request is, for a primitive with several kinds of waiter; null otherwise. */
    Role role;
    /** The loop that resumes this waiter, or null: the dispatching thread resumes it. */
    final EventLoop loop;

    /**
     * @param resumeOnLoop true: if made on a loop thread, resume through that loop's ready queue
     *     (the Java futures); false: resume on the dispatching thread (a strategy with a scheduler
     *     of its own, such as a Kotlin continuation and its dispatcher)
     */
    protected Waiter(boolean resumeOnLoop) {
        this.loop = resumeOnLoop ? EventLoop.currentOrNull() : null;
    }

    /**
     * Delivers a normal grant. Called once, outside any lock. A strategy that does not accept as
     * it resumes then calls {@link #accept()} or {@link #giveBack()}.
     *
     * @param value what the primitive granted
     */
    protected abstract void resumed(T value);

    /**
     * Delivers a failure the primitive decided (a broken barrier, a shut-down queue). Called once,
     * outside any lock.
     *
     * @param error the failure the waiter ends with
     */
    protected abstract void failed(Throwable error);

    /**
     * Withdraws this waiter. Pending: it leaves the queue. Granted but not resumed: what it was
     * granted passes to the next waiter or back to the primitive. Thread-safe.
     *
     * @return true if the waiter was withdrawn and the caller holds nothing; false if it was
     *     already resumed (the caller holds what it asked for) or already cancelled
     */
    protected final boolean cancel() {
        Waiter<?> granted = withdraw();
        if (granted == NOT_WITHDRAWN) return false;
        dispatch(granted);
        return true;
    }

    /**
     * {@link #cancel()} for a cancellation that the canceller itself observes on a later
     * iteration (a task's or a coroutine's, on this waiter's loop): the grant passes on at once,
     * but the next waiter's resumption is dispatched from a later loop callback, so that it runs
     * after the cancelled one has seen its cancellation, in asyncio's order. Off-loop it is
     * {@link #cancel()}.
     *
     * @return as {@link #cancel()}
     */
    protected final boolean cancelFromLoop() {
        Waiter<?> granted = withdraw();
        if (granted == NOT_WITHDRAWN) return false;
        dispatchAfterThisIteration(granted);
        return true;
    }

    /**
     * The caller takes its resumed grant (RESUMED -&gt; ACCEPTED): the primitive applies what that
     * means; for a queue put, its item enters the queue now. For a strategy that does not accept
     * as it resumes (a Kotlin continuation accepts once its code really continues).
     *
     * @throws IllegalStateException if this is not a resumed grant not yet accepted or given back
     *     (pending, granted, cancelled, failed, accepted, returned)
     */
    protected final void accept() {
        if (failure != null || !STATE.compareAndSet(this, RESUMED, ACCEPTED)) {
            throw new IllegalStateException("not a resumed grant: " + this);
        }
        owner.accepted(this);
    }

    /**
     * The caller will not take its resumed grant (RESUMED -&gt; RETURNED), say a Kotlin continuation
     * cancelled between its resumption and running again: the primitive passes it on as if the
     * waiter had been cancelled after the grant. Does nothing for a failure, or once accepted or
     * given back.
     */
    protected final void giveBack() {
        Synchronizer sync = owner;
        if (sync == null || failure != null) return;
        Waiter<?> granted;
        synchronized (sync.mutex()) {
            if (!STATE.compareAndSet(this, RESUMED, RETURNED)) return;
            granted = sync.resumedGrantReturned(this);
            assert sync.invariant() : sync;
        }
        dispatch(granted);
    }

    /** Dispatches {@code granted} from a later callback of this waiter's loop, or now if it has none. */
    final void dispatchAfterThisIteration(Waiter<?> granted) {
        EventLoop l = loop;
        if (granted != null && l != null && !l.isClosed()) {
            try {
                l.schedule(() -> dispatch(granted));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // dispatch here instead: the grant must not be lost
            }
        }
        dispatch(granted);
    }

    /** The withdrawal behind {@link #cancel()}: the chain of waiters the primitive granted instead, or {@link #NOT_WITHDRAWN}. */
    final Waiter<?> withdraw() {
        Synchronizer sync = owner;
        if (sync == null) return STATE.compareAndSet(this, PENDING, CANCELLED) ? null : NOT_WITHDRAWN; // never enqueued
        synchronized (sync.mutex()) {
            int s = state;
            Waiter<?> granted = NOT_WITHDRAWN;
            if (s == PENDING) {
                sync.queueOf(this).remove(this);
                state = CANCELLED;
                granted = sync.withdrawn(this);
            } else if (s == GRANTED && STATE.compareAndSet(this, GRANTED, CANCELLED)) {
                granted = failure == null ? sync.grantCancelled(this) : null;
            }
            assert sync.invariant() : sync;
            return granted;
        }
    }

    /** Marker of {@link #withdraw()}: too late, nothing was withdrawn. */
    static final Waiter<Object> NOT_WITHDRAWN = new Waiter<>(false) {
        @Override
        protected void resumed(Object value) {
        }

        @Override
        protected void failed(Throwable error) {
        }
    };

    /**
     * For a canceller that came too late ({@link #cancel()} returned false because the waiter was
     * resumed): a waiter without a loop delivers its outcome now, if the dispatching thread has not
     * yet, so that the caller finds the result in place as soon as its cancel failed. The
     * dispatching thread's own delivery follows and must be harmless (a future completes once). A
     * loop waiter's delivery stays on its loop, unless that loop is closed: then nothing would run
     * it there, and the canceller (a closing loop ending its tasks) must see the grant delivered.
     */
    final void deliverIfResumed() {
        EventLoop l = loop;
        if ((l != null && !l.isClosed()) || !isResumed()) return;
        Throwable error = failure;
        if (error == null) resumed(value);
        else failed(error);
    }

    /**
     * True for a loop waiter: resumed by a callback on the loop it was made on (which a strategy
     * may use to run its continuation in place there).
     *
     * @return true if a loop resumes this waiter
     */
    protected final boolean resumesOnLoop() {
        return loop != null;
    }

    /**
     * True if the caller takes a grant as it resumes ({@link #accept()} is part of the
     * resumption): the library's own strategies, whose delivery completes a future. Another
     * strategy accepts or gives back itself.
     */
    boolean acceptsAsItResumes() {
        return false;
    }

    /**
     * True if resuming this waiter runs no caller code that could release again (it only wakes a
     * blocked thread), so it skips the trampoline: queued behind a resumption that blocks, the
     * thread would never wake.
     */
    boolean resumesWithoutRecursion() {
        return false;
    }

    /**
     * True once granted, resumed or cancelled.
     *
     * @return true if the waiter is no longer pending
     */
    final boolean isSettled() {
        return state != PENDING;
    }

    // ---------------------------------------------------------------------------------------
    // Used by primitives, under their mutex

    final boolean isPending() {
        return state == PENDING;
    }

    /** True once resumed (and maybe accepted or given back): the grant (or the failure) is the caller's. */
    final boolean isResumed() {
        return state >= RESUMED;
    }

    /** Enqueues this new waiter at the tail of {@code queue}, which belongs to {@code sync}. */
    final void enqueueOn(WaiterQueue queue, Synchronizer sync) {
        owner = sync;
        queue.add(this);
    }

    /**
     * Grants {@code v} to this pending, already unlinked waiter and adds it to {@code chain}, the
     * waiters granted so far by the current operation (kept newest first: O(1) per grant).
     */
    final Waiter<?> grant(T v, Waiter<?> chain) {
        value = v;
        state = GRANTED;
        next = chain;
        return this;
    }

    /**
     * Resumes a waiter just granted by the caller, under the mutex, if no loop resumes it (it would
     * resume on the granting thread right after the mutex anyway): GRANTED -&gt; RESUMED now, so that
     * the primitive can apply what the resumption does inside the same critical section, and a
     * later {@link #cancel()} finds it too late. {@link Synchronizer#resumedHook} is not called;
     * the result is still delivered by {@link #dispatch}, outside the mutex. Returns false, doing
     * nothing, for a loop waiter.
     */
    final boolean resumeInPlace() {
        if (loop != null) return false;
        state = RESUMED;
        return true;
    }

    /**
     * {@link #resumeInPlace()} for a waiter that accepts as it resumes: GRANTED -&gt; ACCEPTED now,
     * and the caller applies what accepting means in the same critical section (a thread's put
     * enters its item atomically with the get that freed its slot). Returns false, doing nothing,
     * for a loop waiter or a strategy that accepts later.
     */
    final boolean resumeAndAcceptInPlace() {
        if (loop != null || !acceptsAsItResumes()) return false;
        state = ACCEPTED;
        return true;
    }

    /** Ends this pending, already unlinked waiter with {@code error}; adds it to {@code chain} as {@link #grant} does. */
    final Waiter<?> fail(Throwable error, Waiter<?> chain) {
        failure = error;
        state = GRANTED;
        next = chain;
        return this;
    }

    // ---------------------------------------------------------------------------------------
    // Dispatch and resumption, outside any lock

    /** Dispatches a chain of granted waiters in grant order (the chain is newest first). Call with no lock held. */
    static void dispatch(Waiter<?> chain) {
        Waiter<?> oldestFirst = null;
        while (chain != null) {
            Waiter<?> n = chain.next;
            chain.next = oldestFirst;
            oldestFirst = chain;
            chain = n;
        }
        while (oldestFirst != null) {
            Waiter<?> n = oldestFirst.next;
            oldestFirst.next = null;
            oldestFirst.dispatchOne();
            oldestFirst = n;
        }
    }

    private void dispatchOne() {
        EventLoop l = loop;
        if (l != null && !l.isClosed()) {
            try {
                l.schedule(this);
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // resume here instead: the grant must not be lost
            }
        }
        if (resumesWithoutRecursion()) tryResume(); // nothing to trampoline, and it must not wait behind a blocked resumption
        else Trampoline.resume(this);
    }

    /**
     * The loop callback that resumes a loop waiter; public only because the loop's work is a
     * {@code Runnable}. Before the grant, or after a cancellation, it does nothing.
     */
    @Override
    public final void run() {
        tryResume();
    }

    /**
     * GRANTED -&gt; RESUMED, then delivers. Loses quietly to a cancellation. A waiter resumed in place
     * (RESUMED or ACCEPTED already) only delivers.
     */
    final void tryResume() {
        int s = state;
        if (s == GRANTED) {
            if (!STATE.compareAndSet(this, GRANTED, RESUMED)) return;
            owner.resumedHook(this); // may still turn the grant into a failure (a barrier reset meanwhile)
        } else if (s < RESUMED) {
            return; // pending or cancelled: nothing to resume
        }
        Throwable error = failure;
        if (error != null) {
            failed(error);
            return;
        }
        if (s == GRANTED && acceptsAsItResumes()) { // accepting is part of this resumption: nobody else acts on it now
            STATE.setRelease(this, ACCEPTED); // only this strategy reads it back: no full fence needed
            owner.accepted(this);
        }
        resumed(value);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + STATE_NAMES[state] + (loop != null ? ", on " + loop : "") + "]";
    }

    /** Per-thread queue of resumptions, so that completions that release again do not recurse. */
    private static final class Trampoline {
        private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);
        private final ArrayDeque<Waiter<?>> queue = new ArrayDeque<>();
        private boolean running;

        static void resume(Waiter<?> waiter) {
            Trampoline t = CURRENT.get();
            if (t.running) {
                t.queue.add(waiter);
                return;
            }
            t.running = true;
            try {
                for (Waiter<?> w = waiter; w != null; w = t.queue.poll()) {
                    try {
                        w.tryResume();
                    } catch (Throwable error) {
                        Thread current = Thread.currentThread();
                        current.getUncaughtExceptionHandler().uncaughtException(current, error);
                    }
                }
            } finally {
                t.running = false;
            }
        }
    }
}
