package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@code async with primitive: body}, shared by Lock, Condition and Semaphore. */
final class Guard {
    private Guard() {
    }

    /**
     * Once {@code acquired} completes, runs {@code body}; when body's stage completes, runs
     * {@code release} and completes with body's outcome (a release that throws adds its failure).
     * A failed or cancelled acquire fails the result and never runs the body. Cancelling the
     * result while it acquires cancels the acquire.
     */
    static <T> CompletableFuture<T> withHeld(CompletableFuture<Void> acquired,
                                             Supplier<? extends CompletionStage<T>> body, Runnable release) {
        if (body == null) {
            if (acquired.isDone() && !acquired.isCompletedExceptionally()) release.run();
            else acquired.cancel(false);
            return CompletableFuture.failedFuture(new NullPointerException("body"));
        }
        LibraryFuture<T> result = new LibraryFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return acquired.cancel(mayInterruptIfRunning) || super.cancel(mayInterruptIfRunning);
            }

            @Override
            boolean requestCancel(String message) {
                if (!acquired.isDone() && acquired instanceof LibraryFuture<?> pending && pending.requestCancel(message)) {
                    return true;
                }
                return super.requestCancel(message);
            }
        };
        acquired.whenComplete((ignored, acquireError) -> {
            if (acquireError != null) {
                result.failInternal(acquireError);
                return;
            }
            if (result.isDone()) { // cancelled while the grant was on its way
                release.run();
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = body.get();
                if (stage == null) throw new NullPointerException("body returned null instead of a CompletionStage");
            } catch (Throwable bodyError) {
                settle(result, null, bodyError, release);
                return;
            }
            stage.whenComplete((value, error) -> settle(result, value, error, release));
        });
        return result;
    }

    private static <T> void settle(LibraryFuture<T> result, T value, Throwable error, Runnable release) {
        try {
            release.run();
        } catch (Throwable releaseError) {
            if (error == null) error = releaseError;
            else error.addSuppressed(releaseError);
        }
        if (error == null) result.completeInternal(value);
        else result.failInternal(error);
    }
}
