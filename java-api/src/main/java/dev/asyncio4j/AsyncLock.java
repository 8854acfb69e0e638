package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A lock that code can use without knowing where it lives: in this JVM ({@link Lock}) or shared
 * by several processes (the Redis module's lock). asyncio: the interface of {@code asyncio.Lock}.
 *
 * <p>Every implementation is FIFO where it can order its waiters, has no owner thread (any thread
 * of the holder may release) and is not reentrant. Each implementation's class doc says where it
 * differs from {@link Lock}.
 */
public interface AsyncLock {

    /**
     * Acquires the lock. asyncio: {@code await lock.acquire()}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Lock#acquireAsync()} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future that completes once the caller holds the lock; cancelling it withdraws the
     *     request and never leaves the lock taken
     */
    CompletableFuture<Void> acquireAsync();

    /**
     * Takes the lock if it is free and nobody is queued for it; never waits.
     *
     * @return whether the caller now holds the lock
     */
    boolean tryAcquire();

    /**
     * Releases the lock, handing it to the first waiter if there is one. asyncio:
     * {@code lock.release()}.
     *
     * @throws IllegalStateException if the lock is not held (asyncio's {@code RuntimeError})
     */
    void release();

    /**
     * Tells whether the lock is held. asyncio: {@code lock.locked()}.
     *
     * @return true while somebody holds the lock
     */
    boolean locked();

    /**
     * Runs {@code body} while holding the lock and releases it when the body's stage completes,
     * however it completes. asyncio: {@code async with lock:}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Lock#withLockAsync(Supplier)} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param body the critical section, started once the lock is held
     * @param <T> the body's result type
     * @return a future of the body's outcome, completed after the release
     */
    <T> CompletableFuture<T> withLockAsync(Supplier<? extends CompletionStage<T>> body);
}
