package dev.asyncio4j;

/**
 * A library future that stands for other work (asyncio: the outer future of {@code gather},
 * {@code wait_for}, a {@code timeout} block): {@code cancel(boolean)} is a cancellation request,
 * passed down to that work by {@link #requestCancel}, not an immediate completion; and a
 * cancellation of the awaiting task that arrives after this future finished but before the task
 * resumed wins over the result (asyncio: the result is dropped), since nothing is handed over.
 */
class CompositeFuture<T> extends LibraryFuture<T> {

    /** A request: the future completes once the work it stands for has ended. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return requestCancel(null);
    }

    @Override
    boolean lateCancellationWins() {
        return true;
    }
}
