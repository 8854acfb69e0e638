package dev.asyncio4j;

import java.util.concurrent.CancellationException;

/**
 * The Java resumption strategy: a waiter whose grant completes a {@code CompletableFuture}.
 * Cancelling the future withdraws the waiter (or passes its grant on) and, if that succeeded,
 * completes the future with {@link CancellationException} at once, as
 * {@code CompletableFuture.cancel} does. Completing it from outside withdraws the waiter the same
 * way first: {@code completeExceptionally} (and {@code orTimeout}) then fails the future with the
 * error, while a normal completion ({@code complete}, {@code completeOnTimeout}) is refused and
 * cancels it, since a future that completed normally means the caller holds what it asked for.
 * {@code obtrudeValue}/{@code obtrudeException} are refused, as on every {@link LibraryFuture}.
 *
 * <p>Too late, when the waiter already resumed with its grant: the grant is the caller's and wins,
 * so nothing is lost to a give-up (a permit, a lock, a queue's item). {@code cancel} returns false
 * and the outside completion does nothing; for a waiter without a loop the outcome is delivered
 * first, so the future is complete by the time they return (a waiter's loop delivers its own,
 * in the same loop callback that resumed it).
 */
final class WaiterFuture<T> extends LibraryFuture<T> {

    /** The queue node; a separate object because a future cannot also be a {@link Waiter}. */
    final Waiter<T> waiter = new Waiter<>(true) {
        @Override
        boolean acceptsAsItResumes() {
            return true; // completing the future is taking the grant
        }

        @Override
        protected void resumed(T value) {
            completeInternal(value);
        }

        @Override
        protected void failed(Throwable error) {
            failInternal(error);
        }
    };

    /** A simple wait whose value is a grant: the grant is delivered, never dropped by a late cancellation. */
    WaiterFuture() {
        super(Cancel.IMMEDIATE, LateCancel.LOSES);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (waiter.cancel()) return super.cancel(mayInterruptIfRunning);
        waiter.deliverIfResumed();
        return false;
    }

    /**
     * Refused: only the primitive completes a grant future normally, since a normal completion
     * means the caller holds what it asked for. An outside attempt ({@code complete},
     * {@code completeOnTimeout}, {@code completeAsync}) gives the wait up instead: the waiter is
     * withdrawn (a grant not yet resumed passes on) and the future is cancelled. Too late, after
     * the grant resumed: nothing changes, the future has the grant.
     *
     * @return false: the value is never taken
     */
    @Override
    public boolean complete(T value) {
        if (!heldByCaller()) super.cancel(false);
        return false;
    }

    /** Gives the wait up with {@code error}: the waiter is withdrawn first; too late after the grant resumed. */
    @Override
    public boolean completeExceptionally(Throwable error) {
        return !heldByCaller() && super.completeExceptionally(error);
    }

    /** Withdraws the waiter for an outside completion; true if it was too late: the grant is the caller's. */
    private boolean heldByCaller() {
        if (waiter.cancel() || !waiter.isResumed()) return false;
        waiter.deliverIfResumed();
        return true;
    }

    @Override
    boolean requestCancel(String message) {
        Waiter<?> granted = waiter.withdraw();
        if (granted == Waiter.NOT_WITHDRAWN) { // too late: the grant is the caller's, delivered before we return
            waiter.deliverIfResumed();
            return false;
        }
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
