package dev.asyncio4j.benchmarks;

import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncSemaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The floor under the Java path: the least that the {@code CompletableFuture} API needs to run a
 * scenario, with no asyncio4j (no event loop, task, await point, cancellation or thread safety).
 * A bare {@code ArrayDeque<Runnable>} run loop; a task is a future completed with its body's
 * outcome, its body started on a later turn; a yield is a fresh future completed on the next turn;
 * a lock or semaphore is a count and an {@code ArrayDeque} of waiting futures, each completed on a
 * later turn when a permit is handed to it. Single-threaded; one instance per run.
 */
final class CompletableFutureFloor implements JavaMachinery {
    private static final CompletableFuture<Void> ACQUIRED = CompletableFuture.completedFuture(null);

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    @Override
    public <T> T run(Supplier<? extends CompletionStage<T>> main) {
        CompletionStage<T> result = spawn(main);
        for (Runnable r; (r = ready.poll()) != null; ) r.run();
        CompletableFuture<T> done = result.toCompletableFuture();
        if (!done.isDone()) throw new IllegalStateException("floor: the run loop went idle before main completed");
        return done.join();
    }

    @Override
    public <T> CompletionStage<T> spawn(Supplier<? extends CompletionStage<T>> body) {
        CompletableFuture<T> task = new CompletableFuture<>();
        ready.add(() -> body.get().whenComplete((value, error) -> {
            if (error != null) task.completeExceptionally(error);
            else task.complete(value);
        }));
        return task;
    }

    @Override
    public CompletableFuture<Void> yieldNow() {
        CompletableFuture<Void> next = new CompletableFuture<>();
        ready.add(() -> next.complete(null));
        return next;
    }

    @Override
    public <T> CompletableFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[stages.size()];
        for (int i = 0; i < all.length; i++) all[i] = stages.get(i).toCompletableFuture();
        return CompletableFuture.allOf(all).thenApply(v -> {
            List<T> results = new ArrayList<>(all.length);
            for (CompletionStage<? extends T> s : stages) results.add(s.toCompletableFuture().join());
            return results;
        });
    }

    @Override
    public AsyncLock lock() {
        return new Permits(1);
    }

    @Override
    public AsyncSemaphore semaphore(int permits) {
        return new Permits(permits);
    }

    /** A FIFO lock (one permit) or semaphore: a count and the waiting futures. */
    private final class Permits implements AsyncLock, AsyncSemaphore {
        private int free;
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

        Permits(int free) {
            this.free = free;
        }

        @Override
        public CompletableFuture<Void> acquireAsync() {
            if (tryAcquire()) return ACQUIRED;
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }

        @Override
        public boolean tryAcquire() {
            if (free == 0 || !waiters.isEmpty()) return false;
            free--;
            return true;
        }

        /** Hands the permit to the first waiter, which resumes on a later turn, as a woken task does. */
        @Override
        public void release() {
            CompletableFuture<Void> next = waiters.poll();
            if (next == null) free++;
            else ready.add(() -> next.complete(null));
        }

        @Override
        public boolean locked() {
            return free == 0;
        }

        @Override
        public int availablePermits() {
            return free;
        }

        @Override
        public <T> CompletableFuture<T> withLockAsync(Supplier<? extends CompletionStage<T>> body) {
            return acquireAsync().thenCompose(v -> body.get()).whenComplete((r, e) -> release());
        }

        @Override
        public <T> CompletableFuture<T> withPermitAsync(Supplier<? extends CompletionStage<T>> body) {
            return withLockAsync(body);
        }
    }
}
