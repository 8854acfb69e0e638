package dev.asyncio4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.BoundedSemaphore;
import dev.asyncio4j.Semaphore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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

    private CompletionStage<?> operation(Semaphore semaphore, StressHarness harness, StressHarness.Actor actor) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(8)) {
            case 0 -> {
                if (semaphore.tryAcquire()) {
                    holdingAPermit();
                    semaphore.release();
                }
                return CompletableFuture.completedFuture(null);
            }
            case 1 -> {
                CompletableFuture<Object> f = semaphore.withPermitAsync(() -> {
                    holdingAPermit();
                    return CompletableFuture.completedFuture(null);
                });
                actor.maybeCancel(f);
                return f.handle((v, error) -> settle(harness, error));
            }
            default -> {
                CompletableFuture<Void> f = semaphore.acquireAsync();
                actor.maybeCancel(f);
                return f.handle((v, error) -> {
                    if (error == null) {
                        holdingAPermit();
                        semaphore.release();
                    }
                    return settle(harness, error);
                });
            }
        }
    }

    private static Object settle(StressHarness harness, Throwable error) {
        if (error == null) return null;
        if (!StressHarness.isCancellation(error)) throw new CompletionException(error);
        harness.cancelWon();
        return null;
    }

    private void contend(Semaphore semaphore) throws Exception {
        try (StressHarness harness = new StressHarness()) {
            StressHarness.Report report = harness.run(3, 3, actor -> operation(semaphore, harness, actor), semaphore::toString);
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
