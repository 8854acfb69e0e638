package dev.asyncio4j.benchmarks;

import dev.asyncio4j.AsyncEvent;
import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.AsyncSemaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The floor under the Java path: the least that the {@code CompletableFuture} API needs to run a
 * scenario, with no asyncio4j (no event loop, task, await point, cancellation or thread safety).
 * A bare {@code ArrayDeque<Runnable>} run loop; a task is a future completed with its body's
 * outcome, its body started on a later turn; a yield is a fresh future completed on the next turn;
 * a lock or semaphore is a count and an {@code ArrayDeque} of waiting futures, each completed on a
 * later turn when a permit is handed to it; a queue, event, barrier or condition is likewise its
 * state (items, a flag, a count) and the {@code ArrayDeque}s of futures waiting on it, each woken on
 * a later turn, as a woken task resumes. Single-threaded; one instance per run.
 */
final class CompletableFutureFloor implements JavaMachinery {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

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
        wake(next, null);
        return next;
    }

    /** Completes a waiting future on a later turn: a woken task resumes when the loop gets to it. */
    private <T> void wake(CompletableFuture<T> waiter, T value) {
        ready.add(() -> waiter.complete(value));
    }

    /** Wakes every waiter, in order: an event set, a notify_all. */
    private void wakeAll(ArrayDeque<CompletableFuture<Void>> waiters) {
        for (CompletableFuture<Void> w; (w = waiters.poll()) != null; ) wake(w, null);
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

    @Override
    public <E> AsyncQueue<E> queue(int capacity) {
        return new Items<>(capacity);
    }

    @Override
    public AsyncEvent event() {
        return new Flag();
    }

    @Override
    public ScenarioBarrier barrier(int parties) {
        return new Generations(parties);
    }

    @Override
    public ScenarioCondition condition(AsyncLock lock) {
        return new Signals((Permits) lock);
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
            if (tryAcquire()) return DONE;
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
            else wake(next, null);
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

    /**
     * A bounded FIFO queue: the items, and the getters (waiting while it is empty) or the putters
     * (waiting while it is full, each with its item). An item is handed straight to the first getter;
     * a get makes room for the first putter's item.
     */
    private final class Items<E> implements AsyncQueue<E> {
        private final int capacity;
        private final ArrayDeque<E> items = new ArrayDeque<>();
        private final ArrayDeque<CompletableFuture<E>> getters = new ArrayDeque<>();
        private final ArrayDeque<CompletableFuture<Void>> putters = new ArrayDeque<>();
        private final ArrayDeque<E> putterItems = new ArrayDeque<>();

        Items(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public CompletableFuture<Void> putAsync(E item) {
            CompletableFuture<E> getter = getters.poll();
            if (getter != null) {
                wake(getter, item);
                return DONE;
            }
            if (items.size() < capacity) {
                items.add(item);
                return DONE;
            }
            CompletableFuture<Void> putter = new CompletableFuture<>();
            putters.add(putter);
            putterItems.add(item);
            return putter;
        }

        @Override
        public CompletableFuture<E> getAsync() {
            E item = items.poll();
            if (item == null) {
                CompletableFuture<E> getter = new CompletableFuture<>();
                getters.add(getter);
                return getter;
            }
            CompletableFuture<Void> putter = putters.poll();
            if (putter != null) {
                items.add(putterItems.poll());
                wake(putter, null);
            }
            return CompletableFuture.completedFuture(item);
        }

        @Override
        public void putNowait(E item) {
            throw new UnsupportedOperationException("floor: no scenario uses it");
        }

        @Override
        public E getNowait() {
            throw new UnsupportedOperationException("floor: no scenario uses it");
        }

        @Override
        public int qsize() {
            return items.size();
        }

        @Override
        public int maxsize() {
            return capacity;
        }

        @Override
        public boolean empty() {
            return items.isEmpty();
        }

        @Override
        public boolean full() {
            return items.size() >= capacity;
        }
    }

    /** An event: a flag and the futures waiting for it, all woken when it is set. */
    private final class Flag implements AsyncEvent {
        private boolean set;
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

        @Override
        public CompletableFuture<Void> waitAsync() {
            if (set) return DONE;
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }

        @Override
        public void set() {
            set = true;
            wakeAll(waiters);
        }

        @Override
        public void clear() {
            set = false;
        }

        @Override
        public boolean isSet() {
            return set;
        }
    }

    /** A cyclic barrier: the arrivals of this generation; the last one wakes the others with their indices. */
    private final class Generations implements ScenarioBarrier {
        private final int parties;
        private final ArrayList<CompletableFuture<Integer>> waiting = new ArrayList<>();

        Generations(int parties) {
            this.parties = parties;
        }

        @Override
        public CompletableFuture<Integer> waitAsync() {
            int index = waiting.size();
            if (index < parties - 1) {
                CompletableFuture<Integer> waiter = new CompletableFuture<>();
                waiting.add(waiter);
                return waiter;
            }
            for (int i = 0; i < waiting.size(); i++) wake(waiting.get(i), i);
            waiting.clear();
            return CompletableFuture.completedFuture(index);
        }
    }

    /**
     * A condition on a floor lock: the futures waiting for a signal. A wait releases the lock, and
     * once signalled acquires it again, then re-evaluates the predicate.
     */
    private final class Signals implements ScenarioCondition {
        private final Permits lock;
        private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

        Signals(Permits lock) {
            this.lock = lock;
        }

        @Override
        public CompletableFuture<Void> waitForAsync(BooleanSupplier predicate) {
            if (predicate.getAsBoolean()) return DONE;
            return AsyncLoop.doWhile(this::waitOnce, v -> !predicate.getAsBoolean());
        }

        private CompletableFuture<Void> waitOnce() {
            CompletableFuture<Void> signalled = new CompletableFuture<>();
            waiters.add(signalled);
            lock.release();
            return signalled.thenCompose(v -> lock.acquireAsync());
        }

        @Override
        public void signal() {
            CompletableFuture<Void> w = waiters.poll();
            if (w != null) wake(w, null);
        }

        @Override
        public void signalAll() {
            wakeAll(waiters);
        }
    }
}
