package dev.asyncio4j;

import java.util.concurrent.CancellationException;

/**
 * The Java resumption strategy: a waiter whose grant completes a {@code CompletableFuture}.
 * Cancelling the future withdraws the waiter (or passes its grant on) and, if that succeeded,
 * completes the future with {@link CancellationException} at once, as
 * {@code CompletableFuture.cancel} does. Completing it from outside ({@code complete},
 * {@code completeExceptionally}, {@code orTimeout}) withdraws the waiter the same way first.
 */
final class WaiterFuture<T> extends LibraryFuture<T> {

    /** The queue node; a separate object because a future cannot also be a {@link Waiter}. */
    final Waiter<T> waiter = new Waiter<>(true) {
        @Override
        protected void resumed(T value) {
            completeInternal(value);
        }

        @Override
        protected void failed(Throwable error) {
            failInternal(error);
        }
    };

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return waiter.cancel() && super.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean complete(T value) {
        waiter.cancel();
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        waiter.cancel();
        return super.completeExceptionally(error);
    }

    @Override
    boolean requestCancel(String message) {
        if (!waiter.cancel()) return false;
        CancellationException cancelled = new CancellationException(message);
        EventLoop loop = waiter.loop;
        if (loop != null && !loop.isClosed()) {
            // A task's cancellation reaches its await point on a later iteration.
            loop.schedule(() -> failInternal(cancelled));
        } else {
            failInternal(cancelled);
        }
        return true;
    }
}
