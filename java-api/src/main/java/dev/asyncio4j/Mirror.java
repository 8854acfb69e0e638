package dev.asyncio4j;

/** A future that takes another's outcome ({@link Asyncio#shield}, {@link Asyncio#asCompleted}); a simple cancel. */
final class Mirror<T> extends LibraryFuture<T> {
    /** False if the outcome it takes may be a grant (see {@link LibraryFuture#outcomeMayBeDropped}). */
    private final boolean mayBeDropped;

    Mirror(boolean mayBeDropped) {
        this.mayBeDropped = mayBeDropped;
    }

    @Override
    boolean lateCancellationWins() {
        return mayBeDropped;
    }
}
