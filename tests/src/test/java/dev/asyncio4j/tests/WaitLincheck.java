package dev.asyncio4j.tests;

import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Lincheck operations of a primitive that threads wait on ({@link EventLincheckTest},
 * {@link BarrierLincheckTest}): waitAsync (each thread keeps its pending wait), completion checks
 * and cancels. Such a primitive grants its waiters under its lock and the granting thread completes
 * their futures right after (SEMANTICS §1.4), so a check or cancel of a wait first waits until no
 * mutating operation is in flight ({@link Holdings#quiesce()}); the subclass runs its own
 * mutating operations through {@link Holdings#mutating}.
 */
public abstract class WaitLincheck extends HoldingsLincheck {

    /** The primitive's waitAsync. */
    abstract CompletableFuture<?> waitAsync();

    /** What {@link #poll} reports for this thread, given the outcome of its wait. */
    String polled(String outcome, int me) {
        return outcome;
    }

    @Operation
    public String waitFor(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        if (mine.hasPending(me)) return "busy";
        mine.mutating(() -> mine.started(me, waitAsync()));
        return "started";
    }

    /** Checks completion of this thread's wait. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        return polled(mine.refresh(me), me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        return mine.cancel(me);
    }
}
