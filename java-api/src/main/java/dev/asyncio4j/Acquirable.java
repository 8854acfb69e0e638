package dev.asyncio4j;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A primitive that is acquired and released, {@link Lock} and {@link Semaphore}: the blocking
 * acquires of thread code, written once over the primitive's own slow path. asyncio: none (its
 * primitives cannot block a thread); j.u.c.: {@code tryLock(timeout, unit)},
 * {@code lockInterruptibly()}, {@code Semaphore.tryAcquire(timeout, unit)}.
 *
 * <h2>Threads</h2>
 * For threads only (platform or virtual), never a loop thread, where blocking would stop the loop
 * (refused with {@code IllegalStateException}); there, use {@code acquireAsync()}. A blocked
 * thread queues FIFO with every other acquire, futures and coroutines alike, so it never barges.
 *
 * <h2>Cancellation</h2>
 * A call that times out or is interrupted holds nothing: a hand-off that raced the timeout or the
 * interrupt passes on to the next waiter, as for a cancelled acquire.
 */
abstract class Acquirable extends Synchronizer {

    /** The slow path of an acquire ({@link WaiterSpi}'s too): takes at once (true), or enqueues {@code waiter}. */
    abstract boolean acquireOrEnqueue(Waiter<Void> waiter);

    /**
     * Blocks the calling thread until it holds the lock or a permit, or the timeout elapses.
     * asyncio: none (a thread's {@code asyncio.wait_for(x.acquire(), timeout)}); j.u.c.:
     * {@code Lock.tryLock(timeout, unit)}, {@code Semaphore.tryAcquire(timeout, unit)}. Ends when
     * the lock or a permit is handed over (true), when the timeout elapses (false), or when the
     * thread is interrupted ({@link InterruptedException}, also if interrupted on entry). Returning
     * false or throwing, the caller holds nothing. For threads only, never a loop thread.
     *
     * @param timeout how long to wait at most; zero or less: do not wait
     * @param unit the unit of {@code timeout}
     * @return true if the caller now holds the lock or a permit
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "tryAcquire");
        return acquireOrEnqueue(w) || w.await(timeout, unit);
    }

    /**
     * {@link #tryAcquire(long, TimeUnit)} with a {@code Duration}.
     *
     * @param timeout how long to wait at most
     * @return true if the caller now holds the lock or a permit
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Blocks the calling thread until it holds the lock or a permit. asyncio: none (a thread's
     * {@code x.acquire()}); j.u.c.: {@code Lock.lockInterruptibly()}, {@code Semaphore.acquire()}.
     * As {@link #tryAcquire(long, TimeUnit)} without a timeout: FIFO, and interrupted, the caller
     * holds nothing. For threads only, never a loop thread. Not named {@code acquire()}: in Kotlin
     * a member wins over the bridge's suspend extension {@code acquire()}, which would then block a
     * coroutine's thread.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     */
    public void acquireInterruptibly() throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "acquireInterruptibly");
        if (!acquireOrEnqueue(w)) w.await();
    }
}
