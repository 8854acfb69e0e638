package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §10 shield. */
class ShieldTest {

    @Test
    void aDoneInputGivesAFutureWithTheSameOutcome() {
        runVirtual(() -> {
            assertEquals("value:x", outcome(Asyncio.shield(CompletableFuture.completedFuture("x"))));
            assertEquals("failed:IllegalArgumentException:b", outcome(Asyncio.shield(CompletableFuture.failedFuture(boom("b")))));
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            assertTrue(Asyncio.shield(cancelled).isCancelled());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void cancellingTheShieldCancelsOnlyTheShield() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> inner = Asyncio.createTask(() -> Asyncio.sleep(s(5), "inner"));
            CompletableFuture<String> outer = Asyncio.shield(inner);
            return Asyncio.sleep(s(1)).thenCompose(v -> {
                assertTrue(outer.cancel(false));
                assertTrue(outer.isCancelled()); // a simple cancel: done at once
                return inner;
            }).thenAccept(v -> log.at("inner " + v));
        });
        assertEquals(List.of("inner inner @5"), log.lines());
    }

    @Test
    void cancellingTheTaskAwaitingTheShieldLeavesTheInputRunning() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> inner = Asyncio.createTask(() -> Asyncio.sleep(s(5), "inner"));
            Task<String> caller = Asyncio.createTask(() -> describe(Asyncio.shield(inner)));
            return Asyncio.sleep(s(1)).thenCompose(v -> { caller.cancel(); return caller; })
                    .thenCompose(d -> { log.at("caller " + d); return inner; })
                    .thenAccept(v -> log.at("inner " + v));
        });
        assertEquals(List.of("caller cancelled:null @1", "inner inner @5"), log.lines());
    }

    @Test
    void aShieldedChildTaskIsNotAnAwaitPointOfItsCreator() {
        runVirtual(() -> {
            Task<String> caller = Asyncio.createTask(() -> {
                Task<String> inner = Asyncio.createTask(() -> Asyncio.sleep(s(5), "inner"));
                return describe(Asyncio.shield(inner)).thenCompose(d -> inner.thenApply(v -> d + ", then " + v));
            });
            return Asyncio.sleep(s(1)).thenCompose(v -> { caller.cancel(); return caller; })
                    .thenAccept(d -> assertEquals("cancelled:null, then inner", d));
        });
    }

    @Test
    void aCancelledInputCancelsTheShield() {
        runVirtual(() -> {
            Task<String> inner = Asyncio.createTask(() -> Asyncio.sleep(s(5), "inner"));
            CompletableFuture<String> outer = Asyncio.shield(inner);
            inner.cancel();
            return describe(outer).thenRun(() -> assertTrue(outer.isCancelled()));
        });
    }

    @Test
    void aFailureAfterTheShieldsWereCancelledIsReportedOnce() {
        List<Throwable> reports = new ArrayList<>();
        IllegalArgumentException failure = boom("inner failed");
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setExceptionHandler((l, e) -> reports.add(e));
            loop.run(() -> {
                Task<Object> inner = Asyncio.createTask(() -> Asyncio.sleep(s(5)).thenCompose(v -> CompletableFuture.failedFuture(failure)));
                Task<String> ok = Asyncio.createTask(() -> Asyncio.sleep(s(5), "fine"));
                CompletableFuture<Object> a = Asyncio.shield(inner), b = Asyncio.shield(inner);
                CompletableFuture<String> c = Asyncio.shield(ok);
                a.cancel(false);
                b.cancel(false);
                c.cancel(false);
                return describe(inner).thenCompose(d -> yields(2));
            });
        }
        assertEquals(List.of(failure), reports);
    }

    @Test
    void withoutARunningLoopTheFutureFails() {
        assertInstanceOf(IllegalStateException.class, failure(Asyncio.shield(new CompletableFuture<>())));
    }
}
