package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck operations for a semaphore of 2 permits ({@link SemaphoreLincheckTest},
 * {@link BoundedSemaphoreLincheckTest}): through its Java API it is linearizable, cancellation
 * included. Acquires by tryAcquire and acquireAsync, completion checks, cancels, releases of held
 * permits (well-formed: see {@link Holdings}), and extra releases, which grow a plain Semaphore
 * past its initial value and fail at the bound of a BoundedSemaphore.
 */
public abstract class PermitsLincheck {

    private final Semaphore semaphore;
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);

    PermitsLincheck(Semaphore semaphore) {
        this.semaphore = semaphore;
    }

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
        return releaseExtra();
    }

    /** A release without holding a permit: a Semaphore grows, a BoundedSemaphore may refuse. */
    @Operation
    public String releaseExtra() {
        try {
            semaphore.release();
            return "released";
        } catch (IllegalStateException e) {
            return "over the bound";
        }
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
