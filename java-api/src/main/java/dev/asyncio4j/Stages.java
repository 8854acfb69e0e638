package dev.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the module functions and their futures ask of any {@code CompletionStage}: the task behind it,
 * its {@code CompletableFuture}, whether it is done, its outcome, how a task's cancellation passes
 * down to it, and its completion seen on a later iteration of a loop; and how a block's body runs
 * in the calling task ({@code timeout}, {@code TaskGroup.run}). A {@link Task} counts as done,
 * and gives its outcome, when the task ends (its future completes one iteration later).
 */
final class Stages {
    private Stages() {
    }

    /** The task behind a stage: a Task, or a task's {@code toCompletableFuture()}; else null. */
    static Task<?> asTask(CompletionStage<?> stage) {
        if (stage instanceof Task<?> task) return task;
        if (stage instanceof Task<?>.TaskFuture future) return future.source();
        return null;
    }

    /** The stage as a CompletableFuture (a Task: its future); a stage that has none gets a copy. */
    static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> future) return future;
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException noFuture) {
            CompletableFuture<T> copy = new CompletableFuture<>();
            stage.whenComplete((v, e) -> {
                if (e == null) copy.complete(v);
                else copy.completeExceptionally(Task.unwrap(e));
            });
            return copy;
        }
    }

    /** Done: for a task, the task itself (its future completes one iteration later). */
    static boolean isDone(CompletionStage<?> stage) {
        Task<?> task = asTask(stage);
        return task != null ? task.isDone() : toFuture(stage).isDone();
    }

    /** Cancels a stage the way a task's cancellation passes down: a request to a task or a library future, else {@code cancel(false)}. */
    static boolean requestCancel(CompletionStage<?> stage, String message) {
        Task<?> task = asTask(stage);
        if (task != null) return task.cancel(message);
        CompletableFuture<?> future = toFuture(stage);
        if (future instanceof LibraryFuture<?> library) return library.requestCancel(message);
        return future.cancel(false);
    }

    /** A completed future with the outcome of a done stage (a cancelled one: cancelled). */
    @SuppressWarnings("unchecked")
    static <T> CompletableFuture<T> outcomeOf(CompletionStage<T> done) {
        Task<?> task = asTask(done);
        CompletableFuture<T> future = toFuture(done);
        Throwable error = task != null ? task.failureOrNull(true) : failureOf(future);
        if (error != null) return CompletableFuture.failedFuture(error);
        return CompletableFuture.completedFuture(task != null ? (T) task.valueOrNull() : future.getNow(null));
    }

    /** The failure of a completed future (unwrapped), or null. */
    static Throwable failureOf(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) return null;
        Throwable[] failure = new Throwable[1];
        future.whenComplete((v, e) -> failure[0] = Task.unwrap(e));
        return failure[0];
    }

    /**
     * Runs the body of a block of the calling task ({@code timeout}, {@code TaskGroup.run}) at once
     * with {@code arg}, and calls {@code exit} with its outcome on {@code loop}'s thread: inline if
     * the stage completes there, else through the loop. A body that throws, or returns null instead
     * of a stage ({@code what} names it in the error), ends with that failure.
     */
    static <A, T> void runBlock(EventLoop loop, Function<A, ? extends CompletionStage<T>> body, A arg, String what,
                                BiConsumer<? super T, Throwable> exit) {
        CompletionStage<T> stage;
        try {
            stage = body.apply(arg);
            if (stage == null) throw new NullPointerException(what + " returned null instead of a CompletionStage");
        } catch (Throwable error) {
            stage = CompletableFuture.failedFuture(error);
        }
        stage.whenComplete((value, error) -> {
            if (loop.inLoopThread()) exit.accept(value, error);
            else loop.schedule(() -> exit.accept(value, error));
        });
    }

    /**
     * Calls {@code callback} with the stage's outcome (failure unwrapped; a cancelled task's
     * {@code CancellationException}) on a later iteration of {@code loop}: for a task of this
     * loop as one of its done callbacks, otherwise through the loop once the stage completes.
     * {@code retrieve}: the caller consumes a task's failure (asyncio calls {@code exception()}).
     */
    @SuppressWarnings("unchecked")
    static <T> void whenDone(CompletionStage<? extends T> stage, EventLoop loop, boolean retrieve,
                             BiConsumer<? super T, Throwable> callback) {
        Task<?> task = asTask(stage);
        if (task != null && task.loop() == loop) {
            if (retrieve && callback instanceof Outcome<?> itself) task.addDoneCallback(itself);
            else task.addDoneCallback(t -> callback.accept((T) t.valueOrNull(), t.failureOrNull(retrieve)));
            return;
        }
        stage.whenComplete((value, error) -> {
            try {
                loop.schedule(() -> callback.accept(value, Task.unwrap(error)));
            } catch (IllegalStateException closed) {
                // the loop closed: nobody is left to tell
            }
        });
    }

    /**
     * A {@link #whenDone} callback that retrieves, and is its own done callback for a task: no
     * wrapper per registration (a gather of n tasks registers n).
     */
    abstract static class Outcome<T> implements BiConsumer<T, Throwable>, Consumer<Task<?>> {
        @Override
        @SuppressWarnings("unchecked")
        public final void accept(Task<?> task) {
            accept((T) task.valueOrNull(), task.failureOrNull(true));
        }
    }
}
