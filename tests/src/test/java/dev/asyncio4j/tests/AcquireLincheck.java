package dev.asyncio4j.tests;

import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Lincheck operations of a lock-like primitive ({@link LockLincheckTest}, {@link PermitsLincheck}):
 * each thread acquires with tryAcquire or acquireAsync (keeping its pending future), checks whether
 * that future completed, cancels it, and releases what it holds (well-formed: see
 * {@link Holdings}). The subclass supplies the primitive's own calls and its other operations.
 */
public abstract class AcquireLincheck extends HoldingsLincheck {

    /** The primitive's tryAcquire. */
    abstract boolean tryAcquireNow();

    /** The primitive's acquireAsync. */
    abstract CompletableFuture<?> acquireAsync();

    /** Releases one unit this thread held; returns what the release did. */
    abstract String releaseHeld();

    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return false; // queued: taken or handed over, and nobody barges, this thread included
        boolean took = tryAcquireNow();
        if (took) mine.took(me);
        return took;
    }

    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return "busy";
        mine.started(me, acquireAsync());
        return "started";
    }

    /** Checks completion of this thread's acquire. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        String outcome = mine.refresh(me);
        return outcome + ", holds " + mine.held(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        return mine.cancel(me);
    }

    @Operation
    public String release(@Param(gen = ThreadIdGen.class) int me) {
        if (!mine.giveUp(me)) return "holds nothing";
        return releaseHeld();
    }
}
