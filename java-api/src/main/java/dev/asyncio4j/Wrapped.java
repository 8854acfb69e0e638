package dev.asyncio4j;

import java.util.concurrent.CompletionStage;

/** {@link Asyncio#wrapFuture}'s future: a foreign stage's outcome, and a cancellation passed on to it while it is pending. */
final class Wrapped<T> extends LibraryFuture<T> {
    private final CompletionStage<T> foreign;

    Wrapped(CompletionStage<T> foreign) {
        this.foreign = foreign;
    }

    @Override
    boolean requestCancel(String message) {
        if (isDone()) return false;
        if (!Stages.isDone(foreign) && Stages.requestCancel(foreign, message)) return true;
        if (Stages.isDone(foreign) && !lateCancellationWins()) return false; // a grant on its way: too late
        return super.requestCancel(message);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!isDone() && !Stages.isDone(foreign)) Stages.requestCancel(foreign, null);
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    boolean lateCancellationWins() {
        return LibraryFuture.outcomeMayBeDropped(foreign);
    }
}
