package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck operations for a semaphore of 2 permits ({@link SemaphoreLincheckTest},
 * {@link BoundedSemaphoreLincheckTest}): through its Java API it is linearizable, cancellation
 * included. Acquires by tryAcquire and acquireAsync, completion checks, cancels, releases of held
 * permits ({@link AcquireLincheck}), and extra releases, which grow a plain Semaphore past its
 * initial value and fail at the bound of a BoundedSemaphore.
 */
public abstract class PermitsLincheck extends AcquireLincheck {

    private final Semaphore semaphore;

    PermitsLincheck(Semaphore semaphore) {
        this.semaphore = semaphore;
    }

    @Override
    boolean tryAcquireNow() {
        return semaphore.tryAcquire();
    }

    @Override
    CompletableFuture<?> acquireAsync() {
        return semaphore.acquireAsync();
    }

    @Override
    String releaseHeld() {
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
}
