package dev.asyncio4j.tests;

import dev.asyncio4j.Barrier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Lincheck: Barrier(2) through its Java API is linearizable, cancellation included: waitAsync
 * (each thread keeps its pending wait), completion checks with the arrival index, cancels, reset,
 * abort, nWaiting and isBroken.
 *
 * <p>A trip releases the waiting parties under the barrier's lock, and the tripping thread
 * completes their futures right after (docs/semantics.md §1.4); a party cancelled in between fails with
 * CancellationException, an outcome of its own. So checks and cancels of a wait run when no
 * wait, reset or abort is in flight ({@link WaitOps}, {@link Holdings#quiesce()}). BarrierTest
 * covers that window.
 */
public class BarrierLincheckTest implements LincheckTests {

    private final Barrier barrier = new Barrier(2);
    private final WaitOps ops = new WaitOps(barrier::waitAsync);

    @Operation
    public String waitFor(@Param(gen = ThreadIdGen.class) int me) {
        return ops.waitFor(me);
    }

    /** Checks completion of this thread's wait: its index, or how it failed. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        return ops.poll(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        return ops.cancel(me);
    }

    @Operation
    public void reset() {
        ops.mutate(barrier::reset);
    }

    @Operation
    public void abort() {
        ops.mutate(barrier::abort);
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
