package dev.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every pending future that asyncio4j returns is one of these: the single place where library
 * futures are created, so that a task can find the future it waits on (its await point) and
 * deliver its cancellation there.
 *
 * <p>Subclasses complete through {@link #completeInternal}/{@link #failInternal}; the public
 * {@code complete}/{@code completeExceptionally} of a waiter future are a caller's way to give up
 * the wait (as {@code orTimeout} does), not the library's way to deliver a result.
 * Stages that depend on a library future ({@code thenApply}, ...) are plain
 * {@code CompletableFuture}s. {@code obtrudeValue}/{@code obtrudeException} are refused.
 *
 * <h2>Await points</h2>
 * A library future created while a task runs belongs to that task ({@link #task}): it is one of
 * the task's await points, and its completion is the task's resumption: its dependent stages run
 * with {@link Task#current()} set to the task, and a cancellation the task could not deliver
 * earlier may win over the result there (see {@link #lateCancellationWins()}).
 *
 * <h2>Cancellation</h2>
 * {@code cancel(boolean)} completes the future at once, as {@code CompletableFuture.cancel}
 * does, and runs {@link #onCancel()}. {@link #requestCancel} (a task's cancellation reaching its
 * await point) runs {@link #onCancel()} at once and completes the future with
 * {@link CancellationException} on a later iteration; from then on the library's own completion
 * is ignored. Composite futures (a task, {@code gather}, {@code waitFor}) override both.
 */
class LibraryFuture<T> extends CompletableFuture<T> {

    /** The task whose await point this is, or null. Set once, by {@link AwaitPoints#created}, on the loop thread. */
    Task<?> task;
    /** A cancellation request was taken: the future completes with it on a later iteration. */
    private volatile boolean cancelScheduled;

    LibraryFuture() {
        AwaitPoints.created(this);
    }

    /** For a creator that already looked up the loop running on this thread (null if none): one thread-local read less. */
    LibraryFuture(EventLoop running) {
        AwaitPoints.created(this, running);
    }

    /** @param awaitPoint false: never an await point of the task creating it (a task group's child) */
    LibraryFuture(boolean awaitPoint) {
        if (awaitPoint) AwaitPoints.created(this);
    }

    /** Completes normally on behalf of the library; ignored once a cancellation request was taken. */
    boolean completeInternal(T value) {
        return !cancelScheduled && settle(value, null);
    }

    /** Completes exceptionally on behalf of the library; ignored once a cancellation request was taken. */
    boolean failInternal(Throwable error) {
        return !cancelScheduled && settle(null, error);
    }

    /** Completes, as the resumption of the owning task if there is one. */
    private boolean settle(T value, Throwable error) {
        Task<?> owner = task;
        return owner != null ? owner.resume(this, value, error) : settleNow(value, error);
    }

    /** Completes now, with no task bookkeeping. */
    final boolean settleNow(Object value, Throwable error) {
        @SuppressWarnings("unchecked") T v = (T) value;
        return error == null ? super.complete(v) : super.completeExceptionally(error);
    }

    /**
     * A cancellation request from the task that awaits this future (asyncio: {@code Task.cancel()}
     * reaching the awaited future). Default: runs {@link #onCancel()} now and completes with
     * {@link CancellationException} on a later iteration, so that the awaiting chain never runs
     * inside the {@code cancel()} call.
     *
     * @return true if the request was taken; false if the future is done or already cancelling
     */
    boolean requestCancel(String message) {
        synchronized (this) {
            if (isDone() || cancelScheduled) return false;
            cancelScheduled = true;
        }
        onCancel();
        CancellationException cancelled = new CancellationException(message);
        Task<?> owner = task;
        EventLoop loop = owner != null ? owner.loop() : EventLoop.currentOrNull();
        if (loop != null && !loop.isClosed()) {
            try {
                loop.schedule(() -> settle(null, cancelled));
                return true;
            } catch (IllegalStateException closedMeanwhile) {
                // complete here instead
            }
        }
        settle(null, cancelled);
        return true;
    }

    /** Stops the work behind this future (a timer, a job) once it is cancelled. Default: nothing. */
    void onCancel() {
    }

    /**
     * True if a cancellation of the owning task that arrives after this future finished waiting but
     * before the task resumed may replace its outcome with {@link CancellationException} (asyncio:
     * "the cancellation wins"; the result is dropped). False by default: a future whose value
     * hands something over (a lock, an item), or that others share, must deliver it; the request
     * then reaches the task's next await point instead.
     */
    boolean lateCancellationWins() {
        return false;
    }

    /**
     * True if a cancellation that arrives after {@code stage} completed, but before its awaiter saw
     * it, may drop its outcome: what a future that forwards {@code stage} ({@code waitFor}, a
     * {@code timeout} deadline, {@code gather}, {@code wrapFuture}, {@code shield}) may do with it.
     * A library future says so itself ({@link #lateCancellationWins()}: never for a grant, which
     * must then be delivered, the cancellation going on to the next await point); a task's result
     * may be dropped, as asyncio drops it for the awaiting task's cancellation; so may a foreign
     * stage's, which the library cannot know to hold anything.
     */
    static boolean outcomeMayBeDropped(CompletionStage<?> stage) {
        if (Stages.asTask(stage) != null) return true;
        return !(stage instanceof LibraryFuture<?> library) || library.lateCancellationWins();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) onCancel();
        return cancelled;
    }

    /**
     * Refused on every library future: forcing its outcome could hide a lock, permit or item its
     * caller holds, or report one it does not (a condition wait forced to fail still re-acquires
     * its lock), and the work behind it would go on regardless.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("the library decides this future's outcome; cancel it instead");
    }

    /**
     * Refused, as {@link #obtrudeValue}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeException(Throwable error) {
        obtrudeValue(null);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
