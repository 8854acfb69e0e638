package dev.asyncio4j.tests;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bodies of the Lincheck operations on a lock-like primitive (Lock, Semaphore,
 * BoundedSemaphore), given the primitive's calls: each thread acquires with tryAcquire or
 * acquireAsync (keeping its pending future in {@link Holdings}), checks whether that future
 * completed, cancels it, and releases what it holds. The test class declares the operations
 * and delegates here, passing its {@code ThreadIdGen} parameter as {@code me}.
 */
final class AcquireOps {
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);
    private final BooleanSupplier tryAcquire;
    private final Supplier<? extends CompletableFuture<?>> acquireAsync;
    private final Supplier<String> release;

    /** {@code release} releases one unit and says how it went ("released", or a refusal). */
    AcquireOps(BooleanSupplier tryAcquire, Supplier<? extends CompletableFuture<?>> acquireAsync,
            Supplier<String> release) {
        this.tryAcquire = tryAcquire;
        this.acquireAsync = acquireAsync;
        this.release = release;
    }

    /** Nobody barges, including this thread: with an acquire queued it returns false. */
    boolean tryAcquire(int me) {
        if (mine.hasPending(me)) return false;
        boolean took = tryAcquire.getAsBoolean();
        if (took) mine.took(me);
        return took;
    }

    String acquire(int me) {
        if (mine.hasPending(me)) return "busy";
        mine.started(me, acquireAsync.get());
        return "started";
    }

    /** Checks completion of this thread's acquire. */
    String poll(int me) {
        String outcome = mine.refresh(me);
        return outcome + ", holds " + mine.held(me);
    }

    String cancel(int me) {
        return mine.cancel(me);
    }

    /** Releases one unit this thread holds (releases are well-formed: see {@link Holdings}). */
    String release(int me) {
        if (!mine.giveUp(me)) return "holds nothing";
        return release.get();
    }
}
