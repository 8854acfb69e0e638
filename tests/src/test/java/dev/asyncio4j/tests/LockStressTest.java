package dev.asyncio4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.Lock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Several platform threads and tasks on two started loops contend for one Lock, with random
 * cancellations of pending and granted waiters. Mutual exclusion holds, no wake-up is lost, every
 * operation finishes, and the lock is unlocked at the end.
 */
class LockStressTest {

    private final Lock lock = new Lock();
    private final StressHarness.Acquirable acquirable =
            new StressHarness.Acquirable(lock::tryAcquire, lock::acquireAsync, lock::release, lock::withLockAsync);
    /** Guarded by the lock: a plain read-modify-write that loses updates if two holders overlap. */
    private long unsafeCounter;
    private final LongAdder entries = new LongAdder();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();

    private void criticalSection() {
        if (inside.incrementAndGet() != 1) overlaps.incrementAndGet();
        long c = unsafeCounter;
        if (ThreadLocalRandom.current().nextInt(4) == 0) Thread.yield();
        unsafeCounter = c + 1;
        entries.increment();
        inside.decrementAndGet();
    }

    @Test
    void threadsAndTwoLoopsContendingWithCancellationsKeepMutualExclusion() throws Exception {
        try (StressHarness harness = new StressHarness()) {
            StressHarness.Report report = harness.run(3, 3, actor -> harness.acquireHoldRelease(acquirable, actor, this::criticalSection), lock::toString);
            assertEquals(java.util.List.of(), report.failures());
            assertEquals(0, overlaps.get(), "two holders at once");
            assertEquals(entries.sum(), unsafeCounter, "a lost update: two holders overlapped");
            assertFalse(lock.locked(), () -> "left locked: " + lock);
            assertEquals("Lock[unlocked]", lock.toString());
            assertTrue(report.operations() > 100, () -> "too few operations: " + report);
            assertTrue(report.cancelsWon() > 0, () -> "no cancellation took effect: " + report);
        }
    }
}
