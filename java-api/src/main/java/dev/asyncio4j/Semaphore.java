package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A counter of permits for tasks and threads. asyncio: {@code asyncio.Semaphore}.
 *
 * <pre>{@code
 * Semaphore connections = new Semaphore(10);
 * CompletableFuture<Response> r = connections.withPermitAsync(() -> fetch(url));
 * }</pre>
 *
 * <h2>States</h2>
 * One word holds the free permits and a CONTENDED bit, set while a waiter is pending or granted
 * but not yet resumed:
 * <pre>
 *   FREE(n)      --acquire/tryAcquire (CAS, n &gt; 0)--&gt; FREE(n - 1)
 *   FREE(n)      --release (CAS)--&gt; FREE(n + 1)
 *   FREE(0)      --acquire: queues--&gt; CONTENDED(0)
 *   CONTENDED(n) --release--&gt; the permit goes to the first pending waiter (granted), or n + 1
 *   CONTENDED(n) --a granted waiter resumes, or is cancelled (its permit back first)--&gt;
 *                  free permits go to pending waiters, FIFO; FREE(n) once nobody is pending or granted
 * </pre>
 * The uncontended paths are one CAS each; everything else takes the mutex. Invariant ({@link
 * #invariant()}): while a waiter is pending, no permit is free or some granted waiter has not
 * resumed; CONTENDED exactly while a waiter is pending or granted but not resumed.
 *
 * <h2>Fairness and hand-off</h2>
 * Waiters are served FIFO, and a newcomer never barges: while anyone is pending or granted but not
 * resumed, {@link #locked()} is true, {@link #tryAcquire()} fails and {@link #acquireAsync()}
 * queues, even if permits are free (asyncio's fairness rule). {@link #release()} hands its permit
 * straight to the first pending waiter, which owns it from then on though it resumes later; so
 * {@link #availablePermits()} does not count it. asyncio differs here: its permit stays counted
 * until the woken waiter runs.
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending acquire withdraws it; cancelling one that was granted but has not resumed
 * (a task's, whose loop resumes it on a later iteration) gives its permit to the next pending
 * waiter, or makes it free. A thread's waiter is resumed together with its grant. {@code cancel()}
 * returning true means the caller holds no permit.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. There is no ownership: any
 * task or thread may release. Memory consistency: actions before {@code release()} happen-before
 * the actions of the acquirer that the release hands off to. Thread code (platform or virtual
 * threads) may also block: {@link #acquireInterruptibly()} and {@link #tryAcquire(long, TimeUnit)}
 * wait on the calling thread, interruptibly, in the same FIFO, and hold no permit when they time
 * out or are interrupted; they are refused with {@code IllegalStateException} on a loop thread,
 * where blocking would stop the loop.
 */
public class Semaphore extends Acquirable implements AsyncSemaphore {

    private static final int CONTENDED = Integer.MIN_VALUE;
    private static final VarHandle STATE = VarHandles.field(MethodHandles.lookup(), Semaphore.class, "state", int.class);

    /** Free permits, plus {@link #CONTENDED} while {@link #granted} &gt; 0 or a waiter is pending. */
    private volatile int state;
    /** Most free permits {@link #release()} may leave: the initial value for a BoundedSemaphore. */
    private final int limit;
    private final WaiterQueue waiters = new WaiterQueue();
    /** Waiters granted a permit that have not resumed yet: guarded by the mutex. */
    private int granted;

    /** A semaphore with one permit. asyncio: {@code asyncio.Semaphore()}. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits. asyncio: {@code asyncio.Semaphore(value)}.
     *
     * @param value the initial number of free permits
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public Semaphore(int value) {
        this(value, Integer.MAX_VALUE);
    }

    Semaphore(int value, int limit) {
        if (value < 0) throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
        this.state = value;
        this.limit = limit;
    }

    private static int permits(int s) {
        return s & Integer.MAX_VALUE;
    }

    /**
     * Acquires a permit. asyncio: {@code await sem.acquire()}. Not {@link #locked()}: takes a
     * permit and returns a completed future. Otherwise queues (FIFO); the future completes once a
     * permit was handed over and the waiter resumed. Cancelling it withdraws the request (see the
     * class doc).
     *
     * <p>Threads: dependent stages run at once on the calling thread if a permit is free; otherwise
     * on the calling loop's thread, or, for a call made on another thread, on the thread that
     * releases a permit to this waiter. Move them with {@code thenApplyAsync(fn, executor)} (<a
     * href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that completes once the caller holds a permit
     */
    public CompletableFuture<Void> acquireAsync() {
        if (tryAcquire()) return CompletableFuture.completedFuture(null);
        WaiterFuture<Void> future = new WaiterFuture<>();
        if (acquireOrEnqueue(future.waiter)) future.completeInternal(null);
        return future;
    }

    /** The slow path of an acquire ({@link WaiterSpi}'s too): takes a permit if not {@link #locked()} (true), or enqueues {@code waiter}. */
    @Override
    final boolean acquireOrEnqueue(Waiter<Void> waiter) {
        if (tryAcquire()) return true;
        synchronized (this) {
            for (;;) {
                int s = state;
                if (s > 0) {
                    if (STATE.compareAndSet(this, s, s - 1)) return true;
                } else if (s < 0 || STATE.compareAndSet(this, 0, CONTENDED)) {
                    enqueue(waiters, waiter);
                    assert invariant() : this;
                    return false;
                }
            }
        }
    }

    /**
     * Takes a permit if the semaphore is not {@link #locked()}; never waits. asyncio:
     * {@code sem.locked()} then acquire, without suspending.
     *
     * @return true if a permit was taken
     */
    public boolean tryAcquire() {
        for (int s; (s = state) > 0; ) {
            if (STATE.compareAndSet(this, s, s - 1)) return true;
        }
        return false;
    }

    /**
     * Adds a permit: it goes straight to the first pending waiter, or becomes free. asyncio:
     * {@code sem.release()}. Any thread may call it; a plain Semaphore may grow past its initial value.
     *
     * @throws IllegalStateException on a {@link BoundedSemaphore} whose free permits are already at
     *     the initial value (or, for a plain one, at {@code Integer.MAX_VALUE})
     */
    public void release() {
        int s = state;
        if (s >= 0 && s < limit && STATE.compareAndSet(this, s, s + 1)) return;
        Waiter<?> chain;
        synchronized (this) {
            chain = addPermit(true);
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /** Under the mutex: one permit more, handed to the first pending waiter if any; returns what it granted. */
    private Waiter<?> addPermit(boolean checkLimit) {
        for (;;) {
            int s = state;
            if (checkLimit && permits(s) >= limit) throw new IllegalStateException(overReleased());
            if (s >= 0) { // uncontended: fast paths may race with us
                if (STATE.compareAndSet(this, s, s + 1)) return null;
                continue;
            }
            Waiter<Void> next = waiters.poll();
            if (next == null) return settle(permits(s) + 1, null);
            return settle(permits(s), grantPermit(next, null));
        }
    }

    private String overReleased() {
        return limit == Integer.MAX_VALUE ? "Maximum permit count exceeded" : "BoundedSemaphore released too many times";
    }

    /**
     * Under the mutex, while CONTENDED: grants up to {@code free} permits to pending waiters, FIFO,
     * then stores what is left, CONTENDED while anyone is pending or granted.
     */
    private Waiter<?> distribute(int free, Waiter<?> chain) {
        for (Waiter<Void> w; free > 0 && (w = waiters.poll()) != null; free--) chain = grantPermit(w, chain);
        return settle(free, chain);
    }

    /**
     * Under the mutex: hands a permit to {@code w}. A loop waiter stays granted until its loop
     * resumes it (counted in {@link #granted}: the semaphore stays locked meanwhile, as asyncio's
     * does until the woken task runs); any other waiter is resumed at once, so that no thread ever
     * sees a permit that is neither free nor held.
     */
    private Waiter<?> grantPermit(Waiter<Void> w, Waiter<?> chain) {
        chain = w.grant(null, chain);
        if (!w.resumeInPlace()) granted++;
        return chain;
    }

    private Waiter<?> settle(int free, Waiter<?> chain) {
        state = waiters.isEmpty() && granted == 0 ? free : free | CONTENDED;
        return chain;
    }

    /**
     * True when no permit is free, or a waiter is pending or granted but not resumed: an acquire
     * would wait. asyncio: {@code sem.locked()}.
     *
     * @return true if an acquire would wait
     */
    public boolean locked() {
        return state <= 0;
    }

    /**
     * Free permits; a permit handed to a waiter that has not resumed is not free. asyncio:
     * {@code sem._value}.
     *
     * @return the number of free permits
     */
    public int availablePermits() {
        return permits(state);
    }

    /**
     * How many acquires wait (not counting one handed a permit). asyncio: {@code len(sem._waiters)}.
     *
     * @return the number of pending acquires
     */
    public int waiterCount() {
        return waiterCount(waiters);
    }

    /**
     * Acquires a permit, runs {@code body}, and releases when body's stage completes, whatever its
     * outcome; the returned future completes with that outcome. asyncio: {@code async with sem: ...}.
     * A body that throws counts as a failed stage; a cancelled acquire never runs the body.
     *
     * <p>Threads: the body runs where a dependent stage of {@link #acquireAsync()} would (see
     * there); the returned future completes, and its dependent stages run, on the thread that
     * completes the body's stage, after the release. Move them with {@code thenApplyAsync(fn,
     * executor)} (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @param body the work to run while holding the permit
     * @param <T> the type of the body's result
     * @return a future of the body's outcome, completed after the permit is released
     */
    public <T> CompletableFuture<T> withPermitAsync(Supplier<? extends CompletionStage<T>> body) {
        return Guard.withHeld(acquireAsync(), body, this::release);
    }

    /**
     * Under the mutex: CONTENDED exactly while a waiter is pending or granted but not resumed, and
     * a pending waiter sees no free permit unless a granted one has yet to resume (asyncio 3.13:
     * the permits freed meanwhile wait for that resumption, which distributes them). The fast
     * paths' CASes outside the mutex act only on an uncontended state, with nobody queued, so they
     * cannot falsify it.
     */
    @Override
    boolean invariant() {
        int s = state;
        return granted >= 0
                && (s < 0) == (!waiters.isEmpty() || granted > 0)
                && (waiters.isEmpty() || permits(s) == 0 || granted > 0);
    }

    // --- waiter core hooks ---

    @Override
    final WaiterQueue queueOf(Waiter<?> w) {
        return waiters;
    }

    @Override
    Waiter<?> withdrawn(Waiter<?> w) {
        return settle(permits(state), null);
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        granted--;
        return distribute(permits(state) + 1, null); // its permit comes back first [3.13+]
    }

    @Override
    Waiter<?> resumedGrantReturned(Waiter<?> w) {
        return addPermit(false); // already counted out as resumed: an ordinary release
    }

    @Override
    void resumedHook(Waiter<?> w) {
        Waiter<?> chain;
        synchronized (this) {
            granted--;
            chain = distribute(permits(state), null); // [3.13+] as many as there are free permits
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    @Override
    public String toString() {
        int s = state;
        return getClass().getSimpleName() + "[" + (s <= 0 ? "locked" : "unlocked") + ", value:" + permits(s)
                + waitersPart(waiters) + "]";
    }
}
