package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A counting semaphore that code can use without knowing where it lives: in this JVM
 * ({@link Semaphore}, {@link BoundedSemaphore}) or shared by several processes (the Redis
 * module's semaphores). asyncio: the interface of {@code asyncio.Semaphore}.
 *
 * <p>Each implementation's class doc says how it orders waiters and where it differs from
 * {@link Semaphore}.
 */
public interface AsyncSemaphore {

    /**
     * Takes a permit, waiting for one if none is free. asyncio: {@code await sem.acquire()}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Semaphore#acquireAsync()} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future that completes once the caller holds a permit; cancelling it withdraws the
     *     request and never loses a permit
     */
    CompletableFuture<Void> acquireAsync();

    /**
     * Takes a permit if one is free and nobody is queued for it; never waits.
     *
     * @return whether the caller now holds a permit
     */
    boolean tryAcquire();

    /**
     * Returns a permit, handing it to the first waiter if there is one. asyncio:
     * {@code sem.release()}.
     *
     * @throws IllegalStateException from a bounded semaphore released more often than acquired
     *     (asyncio's {@code ValueError})
     */
    void release();

    /**
     * Tells whether no permit is free. asyncio: {@code sem.locked()}.
     *
     * @return true when an acquire would wait
     */
    boolean locked();

    /**
     * The number of free permits at this moment.
     *
     * @return the free permits, never negative
     */
    int availablePermits();

    /**
     * Runs {@code body} while holding a permit and returns it when the body's stage completes,
     * however it completes. asyncio: {@code async with sem:}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Semaphore#withPermitAsync(Supplier)} for the one in this JVM. Move them with
     * {@code thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where
     * stages run</a>).
     *
     * @param body the guarded work, started once a permit is held
     * @param <T> the body's result type
     * @return a future of the body's outcome, completed after the release
     */
    <T> CompletableFuture<T> withPermitAsync(Supplier<? extends CompletionStage<T>> body);
}
