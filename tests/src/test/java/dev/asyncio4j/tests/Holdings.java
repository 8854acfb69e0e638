package dev.asyncio4j.tests;

import java.util.concurrent.CompletableFuture;

/**
 * What each Lincheck thread holds of a lock-like primitive: at most one pending acquire future and
 * a count of what it holds (the lock, permits). Entry t belongs to Lincheck thread t (a
 * {@code ThreadIdGen} parameter: 0 is the init part, the last the post part) and is touched only
 * by that thread, so the bookkeeping itself never races.
 *
 * <p>Releases are well-formed: a thread releases only what it knows it holds, that is, after its
 * future completed. A release by a non-holder is legal (no ownership) but can release a grant
 * before its waiter resumed, which no sequential history explains; the unit tests cover it.
 */
final class Holdings {
    private final CompletableFuture<?>[] pending;
    private final int[] held;
    private final java.util.concurrent.atomic.AtomicInteger mutators = new java.util.concurrent.atomic.AtomicInteger();

    Holdings(int threads) {
        pending = new CompletableFuture<?>[threads + 2];
        held = new int[threads + 2];
    }

    /** Moves a completed acquire into the held count; returns "pending", "none" or the outcome. */
    String refresh(int me) {
        CompletableFuture<?> f = pending[me];
        if (f == null) return "none";
        if (!f.isDone()) return "pending";
        pending[me] = null;
        if (f.isCancelled()) return "cancelled";
        if (f.isCompletedExceptionally()) return "failed: " + f.handle((v, e) -> e.getClass().getSimpleName()).join();
        held[me]++;
        Object value = f.join();
        return value == null ? "granted" : "granted " + value;
    }

    boolean hasPending(int me) {
        refresh(me);
        return pending[me] != null;
    }

    /**
     * Records a new acquire future. Its outcome is read later by {@link #refresh}: whether it
     * completed at once cannot be told apart from a grant right after it queued, so it is not
     * reported here (the unit tests check the fast paths).
     */
    void started(int me, CompletableFuture<?> f) {
        pending[me] = f;
    }

    /**
     * For primitives whose grant has an outcome of its own that a sequential history cannot show:
     * an Event's or Barrier's waiter is granted under the primitive's lock, and its future is
     * completed right after by the granting thread (docs/semantics.md §1.4). A check of a future, and a
     * cancel, then first waits until no mutating operation is in flight ({@link #mutating}), so it
     * never lands between a grant and its completion; the unit tests cover that window.
     */
    void quiesce() {
        while (mutators.get() > 0) Thread.onSpinWait();
    }

    /** Runs a mutating operation, counted as in flight for {@link #quiesce()}. */
    <T> T mutating(java.util.function.Supplier<T> operation) {
        mutators.incrementAndGet();
        try {
            return operation.get();
        } finally {
            mutators.decrementAndGet();
        }
    }

    void took(int me) {
        held[me]++;
    }

    /** Takes one unit from this thread's holdings; false if it holds nothing. */
    boolean giveUp(int me) {
        refresh(me);
        if (held[me] == 0) return false;
        held[me]--;
        return true;
    }

    /** What this thread holds, as last refreshed. */
    int held(int me) {
        return held[me];
    }

    /** Cancels this thread's pending acquire: "none", "cancelled", or "too late" (then it holds it). */
    String cancel(int me) {
        CompletableFuture<?> f = pending[me];
        if (f == null) return "none";
        boolean cancelled = f.cancel(false);
        refresh(me);
        return cancelled ? "cancelled" : "too late";
    }
}
