package dev.asyncio4j.tests;

import dev.asyncio4j.Barrier;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck: Barrier(2) through its Java API is linearizable, cancellation included: waitAsync
 * (each thread keeps its pending wait), completion checks with the arrival index, cancels, reset,
 * abort, nWaiting and isBroken.
 *
 * <p>A trip releases the waiting parties under the barrier's lock, and the tripping thread
 * completes their futures right after (SEMANTICS §1.4); a party cancelled in between fails with
 * CancellationException, an outcome of its own. So checks and cancels of a wait run when no
 * wait, reset or abort is in flight ({@link WaitLincheck}). BarrierTest covers that window.
 */
public class BarrierLincheckTest extends WaitLincheck {

    private final Barrier barrier = new Barrier(2);

    /** A wait's outcome is its index, or how it failed. */
    @Override
    CompletableFuture<?> waitAsync() {
        return barrier.waitAsync();
    }

    @Operation
    public void reset() {
        mine.mutating(barrier::reset);
    }

    @Operation
    public void abort() {
        mine.mutating(barrier::abort);
    }

    @Operation
    public int nWaiting() {
        return barrier.nWaiting();
    }

    @Operation
    public boolean isBroken() {
        return barrier.isBroken();
    }
}
