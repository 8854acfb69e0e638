package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: Semaphore(2) through its Java API is linearizable, cancellation included: acquires by
 * tryAcquire and acquireAsync, completion checks, cancels, releases of held permits, and extra
 * releases (a plain Semaphore may grow past its initial value).
 */
public class SemaphoreLincheckTest {

    private final Semaphore semaphore = new Semaphore(2);
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);

    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return false; // queued: nobody barges, including this thread
        boolean took = semaphore.tryAcquire();
        if (took) mine.took(me);
        return took;
    }

    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return "busy";
        mine.started(me, semaphore.acquireAsync());
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
        semaphore.release();
        return "released";
    }

    @Operation
    public void releaseExtra() {
        semaphore.release();
    }

    @Operation
    public boolean locked() {
        return semaphore.locked();
    }

    @Operation
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Test
    void modelChecking() {
        LincheckConfig.modelChecking().check(getClass());
    }

    @Test
    void stress() {
        LincheckConfig.stress().check(getClass());
    }
}
