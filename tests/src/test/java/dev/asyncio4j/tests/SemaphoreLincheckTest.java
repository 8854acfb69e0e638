package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/** Lincheck: Semaphore(2) with the operations of {@link PermitsLincheck}; extra releases grow it. */
public class SemaphoreLincheckTest implements LincheckTests {

    private final PermitsLincheck ops = new PermitsLincheck(new Semaphore(2));

    /** False while this thread's acquire is queued: nobody barges, including this thread. */
    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquires.tryAcquire(me);
    }

    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquires.acquire(me);
    }

    /** Checks completion of this thread's acquire. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquires.poll(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquires.cancel(me);
    }

    @Operation
    public String release(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquires.release(me);
    }

    @Operation
    public String releaseExtra() {
        return ops.releaseExtra();
    }

    @Operation
    public boolean locked() {
        return ops.locked();
    }

    @Operation
    public int availablePermits() {
        return ops.availablePermits();
    }
}
