package dev.asyncio4j.tests;

import dev.asyncio4j.Lock;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck: Lock through its Java API is linearizable, cancellation included. Each thread acquires
 * with tryAcquire or acquireAsync (keeping its pending future), checks whether that future
 * completed, cancels it, and releases what it holds ({@link AcquireLincheck}). The sequential
 * specification is the class itself run on one thread, where a release completes a thread waiter
 * inline.
 */
public class LockLincheckTest extends AcquireLincheck {

    private final Lock lock = new Lock();

    @Override
    boolean tryAcquireNow() {
        return lock.tryAcquire();
    }

    @Override
    CompletableFuture<?> acquireAsync() {
        return lock.acquireAsync();
    }

    @Override
    String releaseHeld() {
        lock.release();
        return "released";
    }

    @Operation
    public boolean locked() {
        return lock.locked();
    }
}
