package dev.asyncio4j.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Java API's "coroutine loop": runs an asynchronous step again and again, each after the
 * previous one's stage completed. A step whose stage is already complete (a fast path) continues
 * at once, in a loop, so a million uncontended acquisitions do not nest a million stages; a
 * pending one continues when it completes, on the thread that completes it (for asyncio4j: the
 * loop). This is the code a Java user writes instead of {@code for}/{@code while} over awaits.
 */
final class AsyncLoop<T> extends CompletableFuture<Void> implements BiConsumer<T, Throwable> {
    private final Supplier<? extends CompletionStage<? extends T>> step;
    private final Predicate<? super T> again;

    private AsyncLoop(Supplier<? extends CompletionStage<? extends T>> step, Predicate<? super T> again) {
        this.step = step;
        this.again = again;
    }

    /** do { r = await step() } while (again(r)). */
    static <T> CompletableFuture<Void> doWhile(Supplier<? extends CompletionStage<? extends T>> step, Predicate<? super T> again) {
        AsyncLoop<T> loop = new AsyncLoop<>(step, again);
        loop.next();
        return loop;
    }

    /** for (i = 0; i < n; i++) await body(i). */
    static CompletableFuture<Void> repeat(int n, IntFunction<? extends CompletionStage<?>> body) {
        if (n <= 0) return CompletableFuture.completedFuture(null);
        int[] i = {0};
        return AsyncLoop.<Object>doWhile(() -> body.apply(i[0]), r -> ++i[0] < n);
    }

    private void next() {
        for (;;) {
            CompletableFuture<? extends T> f = step.get().toCompletableFuture();
            if (!f.isDone() || f.isCompletedExceptionally()) {
                f.whenComplete(this);
                return;
            }
            if (!again.test(f.join())) {
                complete(null);
                return;
            }
        }
    }

    /** The pending step completed: go on, or end with its failure. */
    @Override
    public void accept(T result, Throwable error) {
        if (error != null) {
            completeExceptionally(error);
        } else if (again.test(result)) {
            next();
        } else {
            complete(null);
        }
    }
}
