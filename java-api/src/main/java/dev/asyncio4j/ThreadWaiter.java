package dev.asyncio4j;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiter core's strategy for a blocked thread: the one helper behind every blocking and timed
 * call ({@code tryAcquire(timeout)}, {@code acquireInterruptibly()}, a queue's {@code
 * putInterruptibly}/{@code take}/{@code offer}/{@code poll}, an event's {@code await}). The
 * thread queues this waiter FIFO with the futures and continuations, parks, and when the waiter
 * resumes {@linkplain #accept() accepts} its grant itself, as the Kotlin bridge does.
 *
 * <h2>States</h2>
 * A {@link Waiter}'s: pending, granted, resumed (the dispatching thread unparks the blocked one),
 * then accepted by the blocked thread; or, once it gives up, cancelled or returned.
 *
 * <h2>Cancellation</h2>
 * Giving up (the timeout elapsed, or the thread was interrupted) withdraws the waiter; if the
 * grant came first but the thread has not accepted it, it is {@linkplain #giveBack() given back}:
 * the lock, permit, item or slot passes on exactly as for a cancellation after the grant. So a
 * call that returns false or throws {@link InterruptedException} holds nothing.
 *
 * <h2>Threads</h2>
 * Never on a loop thread: the loop would stop while its thread is blocked, and a grant that only
 * that loop can deliver would never come ({@link #begin} refuses it). Its resumption only unparks,
 * so it skips the trampoline ({@link #resumesWithoutRecursion()}).
 *
 * <h2>asyncio differs</h2>
 * asyncio has no blocking calls; a thread there waits on a future with a timeout, which leaves
 * the request queued. These follow {@code java.util.concurrent}: interruption is checked first,
 * and an interrupted or timed-out call holds nothing.
 */
final class ThreadWaiter<T> extends Waiter<T> {

    private final Thread thread = Thread.currentThread();

    private ThreadWaiter() {
        super(false); // never on a loop thread: the dispatching thread resumes it, which only unparks
    }

    /**
     * A waiter for the calling thread, which is about to block in {@code primitive}'s
     * {@code method}. The two are joined only for the error: a blocking call builds no string.
     *
     * @throws IllegalStateException on a loop thread
     * @throws InterruptedException if the thread is interrupted (checked first, as j.u.c. does)
     */
    static <T> ThreadWaiter<T> begin(Object primitive, String method) throws InterruptedException {
        EventLoop running = EventLoop.currentOrNull();
        if (running != null) {
            String operation = primitive.getClass().getSimpleName() + "." + method;
            throw new IllegalStateException(operation + " blocks its thread, so it would deadlock " + running
                    + "; on a loop thread use the *Async method and compose the future");
        }
        if (Thread.interrupted()) throw new InterruptedException();
        return new ThreadWaiter<>();
    }

    @Override
    boolean resumesWithoutRecursion() {
        return true; // an unpark: the thread accepts or gives back on its own stack
    }

    @Override
    protected void resumed(T value) {
        LockSupport.unpark(thread);
    }

    @Override
    protected void failed(Throwable error) {
        LockSupport.unpark(thread);
    }

    /**
     * Parks until the grant (true, accepted), the timeout (false) or an interrupt (thrown); after
     * either of the last two the caller holds nothing.
     *
     * @param timeout how long to wait at most (zero or less: give up at once)
     * @throws InterruptedException if interrupted before the grant was taken
     * @throws RuntimeException the failure the primitive decided (a shut-down queue)
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return await(Math.max(0, unit.toNanos(timeout)), true);
    }

    /** {@link #await(long, TimeUnit)} with no timeout. */
    void await() throws InterruptedException {
        await(0, false);
    }

    private boolean await(long nanos, boolean timed) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false;
        while (!isResumed()) {
            if (Thread.interrupted()) {
                interrupted = true;
                break;
            }
            if (!timed) {
                LockSupport.park(this);
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            LockSupport.parkNanos(this, left);
        }
        if (!interrupted && isResumed()) return take();
        if (!cancel()) giveBack(); // the grant raced the give-up: pass it on, as after a cancellation
        if (interrupted) throw new InterruptedException();
        return false;
    }

    /** What the waiter was granted; read after {@link #await} returned true. */
    T value() {
        return value;
    }

    /** Resumed: the failure is thrown, a grant is accepted. */
    private boolean take() {
        Throwable error = failure;
        if (error instanceof RuntimeException runtime) throw runtime;
        if (error instanceof Error fatal) throw fatal;
        if (error != null) throw new IllegalStateException(error);
        accept();
        return true;
    }
}
