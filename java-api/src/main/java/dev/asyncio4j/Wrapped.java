package dev.asyncio4j;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link Asyncio#wrapFuture}'s future: a foreign stage's outcome, and a cancellation passed on to
 * it while it is pending. Its {@code cancel()} is immediate; a task's request waits for the
 * foreign stage's outcome when that stage takes it (a task may swallow it).
 */
final class Wrapped<T> extends LibraryFuture<T> implements Awaiting {
    private final CompletionStage<T> foreign;

    Wrapped(CompletionStage<T> foreign) {
        super(Cancel.IMMEDIATE, LateCancel.as(foreign));
        this.foreign = foreign;
    }

    @Override
    public List<CompletionStage<T>> awaited() {
        return List.of(foreign);
    }

    /** To the foreign stage while it is pending: the wrapper then ends with its outcome. */
    @Override
    boolean requestCancel(String message) {
        if (isDone()) return false;
        if (!Stages.isDone(foreign) && Stages.requestCancel(foreign, message)) return true;
        if (Stages.isDone(foreign) && !lateCancellationWins()) return false; // a grant on its way: too late
        return super.requestCancel(message);
    }

    /**
     * The wrapper is cancelled: a pending foreign stage gets the request too (asyncio: cancelling
     * {@code wrap_future}'s future cancels the source). Reached from {@link #requestCancel} only
     * once the foreign stage is done or refused it, when asking again changes nothing.
     */
    @Override
    void onCancel() {
        if (!Stages.isDone(foreign)) Stages.requestCancel(foreign, null);
    }
}
