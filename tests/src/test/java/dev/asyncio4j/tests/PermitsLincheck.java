package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;

/**
 * The Lincheck operations' bodies for a semaphore of 2 permits ({@link SemaphoreLincheckTest},
 * {@link BoundedSemaphoreLincheckTest}): through its Java API it is linearizable, cancellation
 * included. Acquires by tryAcquire and acquireAsync, completion checks, cancels, releases of held
 * permits (well-formed: see {@link Holdings}) through {@link #acquires}, and extra releases, which
 * grow a plain Semaphore past its initial value and fail at the bound of a BoundedSemaphore.
 */
final class PermitsLincheck {

    private final Semaphore semaphore;
    final AcquireOps acquires;

    PermitsLincheck(Semaphore semaphore) {
        this.semaphore = semaphore;
        this.acquires = new AcquireOps(semaphore::tryAcquire, semaphore::acquireAsync, this::releaseExtra);
    }

    /** A release without holding a permit: a Semaphore grows, a BoundedSemaphore may refuse. */
    String releaseExtra() {
        try {
            semaphore.release();
            return "released";
        } catch (IllegalStateException e) {
            return "over the bound";
        }
    }

    boolean locked() {
        return semaphore.locked();
    }

    int availablePermits() {
        return semaphore.availablePermits();
    }
}
