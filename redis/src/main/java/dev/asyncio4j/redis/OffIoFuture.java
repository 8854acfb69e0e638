package dev.asyncio4j.redis;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A caller's future that Redisson's I/O thread may complete directly: a thread blocked in
 * {@code get()}/{@code join()} wakes at once, while every stage composed on it runs on a callback
 * thread, never on the I/O thread (where a synchronous call, such as {@code release()} in a
 * continuation, would deadlock: the reply it waits for is read by that very thread). So the
 * common blocking caller crosses no extra thread, and a composing caller crosses one.
 *
 * <p>This module's own bookkeeping on a request's end ({@link #whenDoneHere}) runs in place
 * instead, before the {@code cancel()} (or completion) that ends the future returns, so a caller
 * whose cancel returned finds its request withdrawn.
 */
final class OffIoFuture<T> extends CompletableFuture<T> {
    private final Executor callbacks;
    private final Queue<Runnable> whenDone = new ConcurrentLinkedQueue<>();

    OffIoFuture(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /**
     * Runs {@code action} once this future is done, on the thread that ends it and before its
     * {@code cancel}, {@code complete} or {@code completeExceptionally} returns (at once if done
     * already). {@code action} must be idempotent: every thread that ends or tries to end the
     * future runs it, so that none returns before it took effect (a dependent alone may run on
     * another thread, one blocked in {@code get()}). Only for this module's bookkeeping, never
     * user code: it may run on Redisson's I/O thread.
     */
    void whenDoneHere(Runnable action) {
        whenDone.add(action);
        super.whenComplete((v, e) -> action.run()); // however else it ends (orTimeout, obtrude...)
        if (isDone()) action.run();
    }

    private void ended() {
        for (Runnable action : whenDone) action.run();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        ended();
        return cancelled;
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        if (isDone()) ended();
        return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        boolean completed = super.completeExceptionally(error);
        if (isDone()) ended();
        return completed;
    }

    @Override
    public Executor defaultExecutor() {
        return callbacks;
    }

    /** Stages built on this one are ordinary futures: only this one redirects its dependents. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn, callbacks);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return thenAcceptAsync(action, callbacks);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return thenRunAsync(action, callbacks);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other,
                                                   BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, callbacks);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, callbacks);
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, callbacks);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, callbacks);
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, callbacks);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, callbacks);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn, callbacks);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn, callbacks);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action, callbacks);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn, callbacks);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn, callbacks);
    }
}
