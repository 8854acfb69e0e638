package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §13.4: EventLoop.run and Asyncio.run. */
class RunTest {

    @Test
    void loopRunReturnsTheResultOfMain() {
        assertEquals("x", runVirtual(() -> Asyncio.sleep(s(1), "x")));
    }

    @Test
    void loopRunRethrowsUncheckedAsIsCheckedWrappedAndCancellation() {
        IllegalArgumentException unchecked = boom("u");
        assertSame(unchecked, assertThrows(IllegalArgumentException.class, () -> runVirtual(() -> CompletableFuture.failedFuture(unchecked))));
        IOException checked = new IOException("c");
        assertSame(checked, assertThrows(CompletionException.class, () -> runVirtual(() -> CompletableFuture.failedFuture(checked))).getCause());
        CancellationException c = assertThrows(CancellationException.class, () -> runVirtual(() -> {
            Task.current().cancel("main cancelled");
            return Asyncio.sleep(s(1));
        }));
        assertEquals("main cancelled", c.getMessage());
    }

    @Test
    void loopRunOnARunningOrClosedLoopOrWhileAnotherRunsThrows() {
        try (EventLoop loop = EventLoop.withVirtualClock(); EventLoop other = EventLoop.withVirtualClock()) {
            loop.run(() -> {
                assertThrows(IllegalStateException.class, () -> loop.run(() -> CompletableFuture.completedFuture(1)));
                assertThrows(IllegalStateException.class, () -> other.run(() -> CompletableFuture.completedFuture(1)));
                return CompletableFuture.completedFuture(null);
            });
            loop.close();
            assertThrows(IllegalStateException.class, () -> loop.run(() -> CompletableFuture.completedFuture(1)));
        }
    }

    @Test
    void stopBeforeMainFinishesThrowsAndPendingTasksContinueOnTheNextRun() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            AtomicReference<Task<String>> first = new AtomicReference<>();
            loop.callLater(s(1), loop::stop);
            assertThrows(IllegalStateException.class, () -> loop.run(() -> {
                first.set(Task.current().loop().createTask(() -> Asyncio.sleep(s(10), "first")));
                return first.get();
            }));
            assertFalse(first.get().isDone());
            // The first main ends during the second run, which must not stop then.
            assertEquals("second", loop.run(() -> Asyncio.sleep(s(20), "second")));
            assertEquals("first", first.get().result());
            assertEquals(21_000_000_000L, loop.time());
        }
    }

    @Test
    void asyncioRunInsideARunningLoopThrows() {
        runVirtual(() -> {
            assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> CompletableFuture.completedFuture(1)));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void asyncioRunCancelsLeftoverTasksWaitsForThemReportsFailuresAndCloses() {
        Log log = new Log();
        List<Throwable> reports = new ArrayList<>();
        IllegalArgumentException cleanupFailure = boom("cleanup failed");
        EventLoop loop = EventLoop.withVirtualClock();
        loop.setExceptionHandler((l, e) -> reports.add(e));
        String result = Asyncio.run(loop, () -> {
            Asyncio.createTask(() -> Asyncio.sleep(s(100)).exceptionally(e -> null)
                    .thenCompose(v -> Asyncio.sleep(s(2))).thenRun(() -> log.at("leftover cleaned up")));
            Asyncio.createTask(() -> Asyncio.sleep(s(100)).exceptionally(e -> { throw cleanupFailure; }));
            Asyncio.createTask(() -> Asyncio.sleep(s(100)));
            return Asyncio.sleep(s(1), "main");
        });
        assertEquals("main", result);
        assertEquals(List.of("leftover cleaned up @3"), log.lines());
        assertEquals(List.of(cleanupFailure), reports);
        assertTrue(loop.isClosed());
    }

    @Test
    void asyncioRunRethrowsTheFailureOfMainAfterCleaningUp() {
        Log log = new Log();
        EventLoop loop = EventLoop.withVirtualClock();
        IllegalArgumentException failure = boom("main failed");
        assertSame(failure, assertThrows(IllegalArgumentException.class, () -> Asyncio.run(loop, () -> {
            Asyncio.createTask(() -> Asyncio.sleep(s(100)).whenComplete((v, e) -> log.add("leftover ended: " + e.getClass().getSimpleName())));
            return CompletableFuture.failedFuture(failure);
        })));
        assertEquals(List.of("leftover ended: CancellationException"), log.lines());
        assertTrue(loop.isClosed());
    }

    @Test
    void asyncioRunOnItsOwnLoopRunsMainAndShutsTheExecutorDown() {
        AtomicReference<EventLoop> used = new AtomicReference<>();
        String threadName = Asyncio.run(() -> {
            used.set(EventLoop.running());
            return Asyncio.toThread(() -> Thread.currentThread().getName());
        });
        assertTrue(threadName.contains("executor"), threadName);
        assertTrue(used.get().isClosed());
        assertThrows(IllegalStateException.class, EventLoop::running);
    }

    @Test
    void asyncioRunOnAGivenLoopFromARunningLoopThrowsAndLeavesThatLoopAlone() {
        try (EventLoop given = EventLoop.withVirtualClock()) {
            runVirtual(() -> {
                assertThrows(IllegalStateException.class, () -> Asyncio.run(given, () -> CompletableFuture.completedFuture(1)));
                return CompletableFuture.completedFuture(null);
            });
            assertFalse(given.isClosed());
            assertEquals(2, Asyncio.run(given, () -> CompletableFuture.completedFuture(2)));
            assertTrue(given.isClosed());
        }
    }
}
