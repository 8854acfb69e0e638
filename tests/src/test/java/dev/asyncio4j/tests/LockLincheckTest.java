package dev.asyncio4j.tests;

import dev.asyncio4j.Lock;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Lincheck: Lock through its Java API is linearizable, cancellation included. Each thread acquires
 * with tryAcquire or acquireAsync (keeping its pending future), checks whether that future
 * completed, cancels it, and releases what it holds ({@link AcquireOps}). The sequential
 * specification is the class itself run on one thread, where a release completes a thread waiter
 * inline.
 */
public class LockLincheckTest implements LincheckTests {

    private final Lock lock = new Lock();
    private final AcquireOps ops = new AcquireOps(lock::tryAcquire, lock::acquireAsync, () -> {
        lock.release();
        return "released";
    });

    /** False while this thread's acquire is queued: the lock is taken or handed over. */
    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int me) {
        return ops.tryAcquire(me);
    }

    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int me) {
        return ops.acquire(me);
    }

    /** Checks completion of this thread's acquire. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        return ops.poll(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        return ops.cancel(me);
    }

    @Operation
    public String release(@Param(gen = ThreadIdGen.class) int me) {
        return ops.release(me);
    }

    @Operation
    public boolean locked() {
        return lock.locked();
    }
}
