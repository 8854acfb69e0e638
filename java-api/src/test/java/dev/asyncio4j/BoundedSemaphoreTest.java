package dev.asyncio4j;

import static dev.asyncio4j.Testing.runSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §6 (BoundedSemaphore). */
class BoundedSemaphoreTest {

    private final List<String> log = new ArrayList<>();
    private BoundedSemaphore sem;
    private CompletableFuture<Void> a, b;

    @Test
    void defaultConstructorHasOnePermitAndNegativeIsRejected() {
        assertEquals(1, new BoundedSemaphore().availablePermits());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void releaseAtInitialValueThrowsAndAddsNothing() {
        BoundedSemaphore s = new BoundedSemaphore(2);
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(2, s.availablePermits());
        assertTrue(s.tryAcquire());
        s.release();
        assertEquals(2, s.availablePermits());
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(2, s.availablePermits());
    }

    @Test
    void zeroBoundRefusesAnyRelease() {
        BoundedSemaphore s = new BoundedSemaphore(0);
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(0, s.availablePermits());
    }

    @Test
    void grantedPermitCountsAsTaken() {
        runSteps(() -> {
            sem = new BoundedSemaphore(1);
            assertTrue(sem.tryAcquire());
            a = sem.acquireAsync();
            sem.release(); // handed to a, which has not resumed
            assertEquals(0, a.isDone() ? -1 : sem.availablePermits());
            sem.release(); // a's permit: allowed
            assertEquals(1, sem.availablePermits());
            assertThrows(IllegalStateException.class, sem::release);
            assertEquals(1, sem.availablePermits());
        }, () -> assertTrue(a.isDone()));
    }

    @Test
    void behavesAsASemaphoreOtherwise() {
        runSteps(() -> {
            sem = new BoundedSemaphore(1);
            Semaphore asSemaphore = sem;
            assertTrue(asSemaphore.tryAcquire());
            a = sem.acquireAsync();
            a.thenRun(() -> log.add("a"));
            b = sem.acquireAsync();
            b.thenRun(() -> log.add("b"));
            assertFalse(sem.tryAcquire());
            sem.release();
        }, () -> {
            assertEquals(List.of("a"), log);
            sem.release();
        }, () -> {
            assertEquals(List.of("a", "b"), log);
            sem.release();
            assertEquals(1, sem.availablePermits());
        });
    }

    @Test
    void toStringNamesTheClass() {
        assertEquals("BoundedSemaphore[unlocked, value:3]", new BoundedSemaphore(3).toString());
    }
}
