package dev.asyncio4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.BoundedSemaphore;
import dev.asyncio4j.Semaphore;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several platform threads and tasks on two started loops share one semaphore of 3 permits, with
 * random cancellations of pending and granted waiters. At most 3 holders at any moment, every
 * operation finishes, and all 3 permits are free at the end: none lost, none duplicated (a
 * BoundedSemaphore would also throw on a duplicated one).
 */
class SemaphoreStressTest {

    private static final int PERMITS = 3;

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();

    private void holdingAPermit() {
        int now = inside.incrementAndGet();
        if (now > PERMITS) overflows.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        if (ThreadLocalRandom.current().nextInt(4) == 0) Thread.yield();
        inside.decrementAndGet();
    }

    private void contend(Semaphore semaphore) throws Exception {
        StressHarness.Acquirable acquirable = new StressHarness.Acquirable(
                semaphore::tryAcquire, semaphore::acquireAsync, semaphore::release, semaphore::withPermitAsync);
        try (StressHarness harness = new StressHarness()) {
            StressHarness.Report report = harness.run(3, 3, actor -> harness.acquireHoldRelease(acquirable, actor, this::holdingAPermit), semaphore::toString);
            assertEquals(List.of(), report.failures());
            assertEquals(0, overflows.get(), "more holders than permits");
            assertEquals(PERMITS, semaphore.availablePermits(), () -> "permits not conserved: " + semaphore);
            assertFalse(semaphore.locked(), semaphore::toString);
            assertTrue(maxInside.get() >= 2, "the permits were never shared");
            assertTrue(report.operations() > 100, () -> "too few operations: " + report);
            assertTrue(report.cancelsWon() > 0, () -> "no cancellation took effect: " + report);
        }
    }

    @Test
    void semaphorePermitsAreConservedUnderContentionAndCancellation() throws Exception {
        contend(new Semaphore(PERMITS));
    }

    @Test
    void boundedSemaphorePermitsAreConservedUnderContentionAndCancellation() throws Exception {
        contend(new BoundedSemaphore(PERMITS));
    }
}
