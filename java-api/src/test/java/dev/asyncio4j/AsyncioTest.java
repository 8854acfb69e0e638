package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §10: sleep, createTask, toThread, wrapFuture, and the running-loop rule. */
class AsyncioTest {

    @Test
    void offTheLoopTheFailureSaysWhatToDoInstead() {
        CompletableFuture<Void> slept = Asyncio.sleep(Duration.ofMillis(1));
        Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class, slept::get).getCause();
        assertInstanceOf(IllegalStateException.class, failure);
        assertTrue(failure.getMessage().contains("Asyncio.run"), failure.getMessage());
        assertTrue(failure.getMessage().contains("loop.createTask"), failure.getMessage());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, EventLoop::running);
        assertEquals(failure.getMessage(), thrown.getMessage());
    }

    @Test
    void sleepZeroYieldsExactlyOneIteration() {
        Log log = new Log();
        runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            loop.callSoon(() -> {
                log.add("queued before");
                loop.callSoon(() -> log.add("scheduled by it"));
            });
            return Asyncio.sleep(Duration.ZERO).thenRun(() -> log.add("task continues"));
        });
        assertEquals(List.of("queued before", "task continues", "scheduled by it"), log.lines());
    }

    @Test
    void negativeSleepIsLikeZeroAndGivesTheResult() {
        Log log = new Log();
        String r = runVirtual(() -> {
            EventLoop.running().callSoon(() -> log.add("before"));
            return Asyncio.sleep(s(-5), "r").thenApply(v -> { log.add("after"); return v; });
        });
        assertEquals("r", r);
        assertEquals(List.of("before", "after"), log.lines());
    }

    @Test
    void sleepCompletesAtTheDeadlineOnTheLoopsClock() {
        Log log = new Log();
        runVirtual(() -> Asyncio.sleep(s(2.5), "x").thenAccept(v -> log.at("woke " + v)));
        assertEquals(List.of("woke x @2.5"), log.lines());
    }

    @Test
    void cancellingASleepCancelsItsTimerAtOnce() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            loop.run(() -> {
                CompletableFuture<Void> sleep = Asyncio.sleep(s(10));
                assertTrue(sleep.cancel(false));
                assertTrue(sleep.isCancelled());
                return Asyncio.sleep(s(1));
            });
            loop.run(() -> yields(1)); // the cancelled timer never makes the clock jump
            assertEquals(1_000_000_000L, loop.time());
        }
    }

    @Test
    void withoutARunningLoopTheFunctionsFailTheirFuture() {
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.sleep(s(1))));
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.toThread(() -> 1)));
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.wrapFuture(new CompletableFuture<>())));
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.wait(List.of(new CompletableFuture<>()), null, ReturnWhen.ALL_COMPLETED)));
        assertInstanceOf(NullPointerException.class, failure(Asyncio.sleep(null)));
    }

    @Test
    void toThreadRunsOnTheDefaultExecutorAndCompletesOnTheLoop() {
        AtomicReference<Thread> loopThread = new AtomicReference<>(), completedOn = new AtomicReference<>();
        String worker = runVirtual(() -> {
            loopThread.set(Thread.currentThread());
            return Asyncio.toThread(() -> Thread.currentThread().getName()).whenComplete((v, e) -> completedOn.set(Thread.currentThread()));
        });
        assertTrue(worker.contains("executor"), worker);
        assertSame(loopThread.get(), completedOn.get());
    }

    @Test
    void wrapFutureDeliversAForeignOutcomeOnTheLoop() throws Exception {
        AtomicReference<Thread> loopThread = new AtomicReference<>(), completedOn = new AtomicReference<>();
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Thread completer = new Thread(() -> foreign.complete("from thread"));
        String r = runVirtual(() -> {
            loopThread.set(Thread.currentThread());
            CompletableFuture<String> w = Asyncio.wrapFuture(foreign);
            completer.start();
            return w.whenComplete((v, e) -> completedOn.set(Thread.currentThread()));
        });
        completer.join();
        assertEquals("from thread", r);
        assertSame(loopThread.get(), completedOn.get());
    }

    @Test
    void cancellingAWrapperCancelsThePendingForeignFuture() {
        runVirtual(() -> {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            CompletableFuture<String> w = Asyncio.wrapFuture(foreign);
            assertTrue(w.cancel(false));
            assertTrue(foreign.isCancelled());
            CompletableFuture<String> done = CompletableFuture.completedFuture("done");
            CompletableFuture<String> w2 = Asyncio.wrapFuture(done);
            assertTrue(w2.cancel(false)); // the wrapper only
            assertEquals("done", done.join());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void aTaskAwaitingATaskItDidNotCreateThroughWrapFuturePassesItsCancellationOn() {
        runVirtual(() -> {
            Task<String> shared = Asyncio.createTask(() -> Asyncio.sleep(s(10), "shared"));
            Task<String> waiter = Asyncio.createTask(() -> describe(Asyncio.wrapFuture(shared)));
            return Asyncio.sleep(s(1)).thenCompose(v -> { waiter.cancel("pass on"); return waiter; }).thenAccept(d -> {
                assertEquals("cancelled:pass on", d);
                assertTrue(shared.isCancelled());
            });
        });
    }
}
