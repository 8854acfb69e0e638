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
 *   CLEAR --set: grants every pending waiter--&gt; SET --clear--&gt; CLEAR
 *   CLEAR --waitAsync: queues--&gt; CLEAR          SET --waitAsync: completes at once--&gt; SET
 * </pre>
 * Invariant ({@link #invariant()}): while the flag is set, nobody is queued.
 *
 * <h2>Fairness and hand-off</h2>
 * {@link #set()} grants every pending waiter at once; they resume in the order they queued (on
 * their loop, on a later iteration; a waiter made off-loop on the thread that calls {@code set()}).
 * A granted waiter completes normally even if the flag was cleared before it resumed.
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending wait withdraws it. Cancelling one that was granted but has not resumed
 * completes it with {@code CancellationException}; nothing passes on and the flag is untouched.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. Memory consistency: actions
 * before {@code set()} happen-before the actions of a waiter that the set grants. Thread code
 * (platform or virtual threads) may also block: {@link #await()} and {@link #await(long,
 * TimeUnit)} wait on the calling thread, interruptibly, and leave no waiter behind when they time
 * out or are interrupted; they are refused with {@code IllegalStateException} on a loop thread,
 * where blocking would stop the loop.
 */
public final class Event extends Synchronizer implements AsyncEvent {

    private volatile boolean set;
    private final WaiterQueue waiters = new WaiterQueue();

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
        if (waitOrEnqueue(future.waiter)) future.completeInternal(null);
        return future;
    }

    /** The slow path of a wait ({@link WaiterSpi}'s too): true if set, or enqueues {@code waiter}. */
    boolean waitOrEnqueue(Waiter<Void> waiter) {
        synchronized (this) {
            if (set) return true;
            enqueue(waiters, waiter);
            assert invariant() : this;
            return false;
        }
    }

    /** Sets the flag and grants every pending waiter, FIFO. Does nothing if already set. asyncio: {@code event.set()}. */
    public void set() {
        if (set) return;
        Waiter<?> granted = null;
        synchronized (this) {
            if (set) return;
            set = true;
            for (Waiter<Void> w; (w = waiters.poll()) != null; ) granted = w.grant(null, granted);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    /** Clears the flag; waiters already granted still complete normally. asyncio: {@code event.clear()}. */
    public void clear() {
        set = false;
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
        return waitOrEnqueue(w) || w.await(timeout, unit);
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
        if (!waitOrEnqueue(w)) w.await();
    }

    /**
     * How many waits are pending. asyncio: {@code len(event._waiters)}.
     *
     * @return the number of pending waits
     */
    public int waiterCount() {
        return waiterCount(waiters);
    }

    /**
     * Under the mutex: set implies no waiters. {@link #clear()} runs outside the mutex, but it can
     * only make the flag false.
     */
    @Override
    boolean invariant() {
        return !set || waiters.isEmpty();
    }

    // --- waiter core hooks (under the mutex) ---

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        return waiters;
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        return null; // a wake-up is not a resource: nothing passes on
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + waitersPart(waiters) + "]";
    }
}
