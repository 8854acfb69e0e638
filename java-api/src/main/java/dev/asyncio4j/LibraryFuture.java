package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * Every pending future that asyncio4j returns is one of these: the single place where library
 * futures are created, so that a task can find the future it waits on (its await point) and
 * deliver its cancellation there.
 *
 * <p>Subclasses complete through {@link #completeInternal}/{@link #failInternal}; the public
 * {@code complete}/{@code completeExceptionally} of a waiter future are a caller's way to give up
 * the wait (as {@code orTimeout} does), not the library's way to deliver a result.
 * Stages that depend on a library future ({@code thenApply}, ...) are plain
 * {@code CompletableFuture}s.
 */
class LibraryFuture<T> extends CompletableFuture<T> {

    LibraryFuture() {
        AwaitPoints.created(this);
    }

    /** Completes normally on behalf of the library. */
    boolean completeInternal(T value) {
        return super.complete(value);
    }

    /** Completes exceptionally on behalf of the library. */
    boolean failInternal(Throwable error) {
        return super.completeExceptionally(error);
    }

    /**
     * A cancellation request from the task that awaits this future (asyncio: {@code Task.cancel()}
     * reaching the awaited future). Default: {@code cancel(false)}.
     *
     * @return true if the request was taken
     */
    boolean requestCancel(String message) {
        return cancel(false);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
