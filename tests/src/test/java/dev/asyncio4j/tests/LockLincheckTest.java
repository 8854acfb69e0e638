package dev.asyncio4j.tests;

import dev.asyncio4j.Lock;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: Lock through its Java API is linearizable, cancellation included. Each thread acquires
 * with tryAcquire or acquireAsync (keeping its pending future), checks whether that future
 * completed, cancels it, and releases what it holds. The sequential specification is the class
 * itself run on one thread, where a release completes a thread waiter inline.
 */
public class LockLincheckTest {

    private final Lock lock = new Lock();
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);

    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return false; // queued: the lock is taken or handed over
        boolean took = lock.tryAcquire();
        if (took) mine.took(me);
        return took;
    }

    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int me) {
        if (mine.hasPending(me)) return "busy";
        mine.started(me, lock.acquireAsync());
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
        lock.release();
        return "released";
    }

    @Operation
    public boolean locked() {
        return lock.locked();
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
