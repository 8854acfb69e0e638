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
        Waiter<?> granted = waiter.withdraw();
        if (granted == Waiter.NOT_WITHDRAWN) return false;
        CancellationException cancelled = new CancellationException(message);
        EventLoop loop = waiter.loop;
        if (loop != null && !loop.isClosed()) {
            try {
                // A task's cancellation reaches its await point on a later iteration; what it held
                // passes on at once, and the next waiter resumes after it, in asyncio's order.
                loop.schedule(() -> failInternal(cancelled));
                waiter.dispatchAfterThisIteration(granted);
                return true;
            } catch (IllegalStateException closedMeanwhile) {
                // complete here instead
            }
        }
        Waiter.dispatch(granted);
        failInternal(cancelled);
        return true;
    }
}
