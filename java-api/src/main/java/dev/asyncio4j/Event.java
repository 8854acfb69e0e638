package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A flag that tasks and threads can wait for. asyncio: {@code asyncio.Event}.
 *
 * <pre>{@code
 * Event ready = new Event();
 * ready.waitAsync().thenRun(() -> serve());   // waits until someone calls ready.set()
 * ready.set();
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   CLEAR --set: grants every waiter for SET----&gt; SET --clear: grants every waiter for CLEAR--&gt; CLEAR
 *   CLEAR --waitAsync: queues for SET--&gt; CLEAR    SET --waitAsync: completes at once--&gt; SET
 *   CLEAR --wait for clear: at once--&gt; CLEAR      SET --wait for clear: queues for CLEAR--&gt; SET
 * </pre>
 * A waiter waits for one state (its {@code Awaits} role); {@link #waitAsync()} waits for SET.
 * Waiting for CLEAR has no public method: only the Kotlin bridge's {@code Event.states()} flow
 * uses it, through {@link WaiterSpi#waitForClear}. Invariant ({@link #invariant()}): nobody waits
 * for the state the flag is in.
 *
 * <h2>Fairness and hand-off</h2>
 * {@link #set()} grants every pending waiter at once; they resume in the order they queued (on
 * their loop, on a later iteration; a waiter made off-loop on the thread that calls {@code set()}).
 * A granted waiter completes normally even if the flag was cleared before it resumed. {@link
 * #clear()} grants every waiter for CLEAR the same way.
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending wait withdraws it. Cancelling one that was granted but has not resumed
 * completes it with {@code CancellationException}; nothing passes on and the flag is untouched.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. Memory consistency: actions
 * before {@code set()} (or {@code clear()}) happen-before the actions of a waiter that it grants.
 * Thread code (platform or virtual threads) may also block: {@link #await()} and {@link #await(long,
 * TimeUnit)} wait on the calling thread, interruptibly, and leave no waiter behind when they time
 * out or are interrupted; they are refused with {@code IllegalStateException} on a loop thread,
 * where blocking would stop the loop.
 *
 * <h2>asyncio differs</h2>
 * asyncio's {@code clear()} only lowers the flag, and nothing can wait for it; here it also
 * grants the waits for CLEAR, so that a Kotlin flow of the states learns of it. Threads may block
 * on the event ({@code await}), which asyncio's event loop-bound Event cannot offer.
 */
public final class Event extends Synchronizer implements AsyncEvent {

    /** The state a waiter waits for: its {@link Waiter.Role}, which says which queue holds it. */
    private enum Awaits implements Waiter.Role {
        SET, CLEAR
    }

    private volatile boolean set;
    /** Waiters for SET (the flag is clear while any are queued), and for CLEAR (it is set). */
    private final WaiterQueue waiters = new WaiterQueue(), clearWaiters = new WaiterQueue();

    /** A new event, clear. asyncio: {@code asyncio.Event()}. */
    public Event() {
    }

    /**
     * Waits until the event is set. asyncio: {@code await event.wait()}. Set: returns a completed
     * future. Clear: queues (FIFO); the future completes once a {@link #set()} granted it and it
     * resumed, whatever the flag is by then. Cancelling it withdraws the wait (see the class doc).
     *
     * <p>Threads: dependent stages run at once on the calling thread if the event is set; otherwise
     * on the calling loop's thread, or, for a call made on another thread, on the thread that sets
     * it. Move them with {@code thenApplyAsync(fn, executor)} (<a
     * href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that completes once the event was set for this waiter
     */
    public CompletableFuture<Void> waitAsync() {
        if (set) return CompletableFuture.completedFuture(null);
        WaiterFuture<Void> future = new WaiterFuture<>();
        if (waitOrEnqueue(true, future.waiter)) future.completeInternal(null);
        return future;
    }

    /**
     * The slow path of a wait ({@link WaiterSpi}'s too): true if the flag is {@code until}
     * already, or enqueues {@code waiter} to wait for it.
     */
    boolean waitOrEnqueue(boolean until, Waiter<Void> waiter) {
        synchronized (this) {
            if (set == until) return true;
            waiter.role = until ? Awaits.SET : Awaits.CLEAR;
            enqueue(until ? waiters : clearWaiters, waiter);
            assert invariant() : this;
            return false;
        }
    }

    /** Sets the flag and grants every pending waiter, FIFO. Does nothing if already set. asyncio: {@code event.set()}. */
    public void set() {
        become(true);
    }

    /**
     * Clears the flag; waiters already granted still complete normally. asyncio: {@code
     * event.clear()}. Also grants every waiter for the cleared state, FIFO (the bridge's flow of
     * the states).
     */
    public void clear() {
        become(false);
    }

    /** Moves the flag to {@code state} and grants every waiter for it; nothing if it is there already. */
    private void become(boolean state) {
        if (set == state) return;
        Waiter<?> granted = null;
        synchronized (this) {
            if (set == state) return;
            set = state;
            WaiterQueue waitingForIt = state ? waiters : clearWaiters;
            for (Waiter<Void> w; (w = waitingForIt.poll()) != null; ) granted = w.grant(null, granted);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    /**
     * The flag. asyncio: {@code event.is_set()}.
     *
     * @return true while the flag is set
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Blocks the calling thread until the event is set, or the timeout elapses. asyncio: none (a
     * thread's {@code asyncio.wait_for(event.wait(), timeout)}); j.u.c.:
     * {@code CountDownLatch.await(timeout, unit)}. Set: returns true at once. Otherwise queues as
     * {@link #waitAsync()} does and ends when a {@link #set()} grants it (true, whatever the flag
     * is by then), when the timeout elapses (false), or when the thread is interrupted
     * ({@link InterruptedException}, also if interrupted on entry).
     *
     * <p>For threads only (platform or virtual), never a loop thread, where blocking would stop
     * the loop; there, use {@link #waitAsync()}.
     *
     * @param timeout how long to wait at most; zero or less: do not wait
     * @param unit the unit of {@code timeout}
     * @return true if the event was set for this waiter
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "await");
        return waitOrEnqueue(true, w) || w.await(timeout, unit);
    }

    /**
     * Blocks the calling thread until the event is set. asyncio: none (a thread's {@code
     * event.wait()}); j.u.c.: {@code CountDownLatch.await()}. As {@link #await(long, TimeUnit)}
     * without a timeout. For threads only, never a loop thread.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     */
    public void await() throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "await");
        if (!waitOrEnqueue(true, w)) w.await();
    }

    /**
     * How many waits are pending. asyncio: {@code len(event._waiters)}. While the flag is set,
     * these are waits for it to be cleared (the Kotlin bridge's {@code Event.states()}
     * collectors); while it is clear, waits for it to be set.
     *
     * @return the number of pending waits
     */
    public int waiterCount() {
        synchronized (this) {
            return waiters.size() + clearWaiters.size(); // one of the two is empty (the invariant)
        }
    }

    /** Under the mutex: nobody waits for the state the flag is in. */
    @Override
    boolean invariant() {
        return (set ? waiters : clearWaiters).isEmpty();
    }

    // --- waiter core hooks (under the mutex) ---

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        return w.role == Awaits.CLEAR ? clearWaiters : waiters;
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        return null; // a wake-up is not a resource: nothing passes on
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + waitersPart(waiterCount()) + "]";
    }
}
