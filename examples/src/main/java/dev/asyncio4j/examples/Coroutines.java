package dev.asyncio4j.examples;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The few control-flow shapes a Python coroutine has and a chain of {@code CompletionStage}s
 * spells out: a loop over awaits, {@code while}, {@code try/except} around an await, and
 * {@code asyncio.gather(coro(), ...)} of coroutines (each becomes a task, started in order).
 */
public final class Coroutines {
    private Coroutines() {
    }

    /** {@code None}: a finished stage with no value. */
    public static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /** {@code range(n)}. */
    public static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** {@code for item in items: await body(item)}: one after the other. */
    public static <A> CompletableFuture<Void> forEach(List<A> items, Function<? super A, ? extends CompletionStage<?>> body) {
        return forEach(items, 0, body);
    }

    private static <A> CompletableFuture<Void> forEach(List<A> items, int i, Function<? super A, ? extends CompletionStage<?>> body) {
        if (i == items.size()) return done();
        return body.apply(items.get(i)).toCompletableFuture().thenCompose(v -> forEach(items, i + 1, body));
    }

    /** {@code while True: ...}: runs {@code body} again as long as it ends with true ({@code false} is {@code break}). */
    public static CompletableFuture<Void> repeat(Supplier<? extends CompletionStage<Boolean>> body) {
        return body.get().toCompletableFuture().thenCompose(again -> again ? repeat(body) : done());
    }

    /** {@code while condition: await body()}. */
    public static CompletableFuture<Void> whileLoop(BooleanSupplier condition, Supplier<? extends CompletionStage<?>> body) {
        return repeat(() -> condition.getAsBoolean() ? body.get().thenApply(v -> true) : CompletableFuture.completedFuture(false));
    }

    /** {@code try: return await stage except X as e: return await handler(e)}; other failures pass through. */
    public static <T, X extends Throwable> CompletableFuture<T> except(
            CompletionStage<T> stage, Class<X> type, Function<? super X, ? extends CompletionStage<T>> handler) {
        return stage.<CompletionStage<T>>handle((value, error) -> {
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
            if (error == null) return CompletableFuture.completedFuture(value);
            if (type.isInstance(cause)) return handler.apply(type.cast(cause));
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(Function.identity()).toCompletableFuture();
    }

    /** {@code asyncio.gather(*[coro(a) for a in args])}: a task per argument, created in order; the results in order. */
    public static <A, T> CompletableFuture<List<T>> gather(List<A> args, Function<? super A, ? extends CompletionStage<T>> coro) {
        List<Task<T>> tasks = args.stream().map(a -> Asyncio.<T>createTask(() -> coro.apply(a))).toList();
        return Asyncio.gather(tasks);
    }

    /** {@code asyncio.gather(a(), b(), ...)}. */
    @SafeVarargs
    public static <T> CompletableFuture<List<T>> gather(Supplier<? extends CompletionStage<T>>... coros) {
        return gather(List.of(coros), Supplier::get);
    }
}
