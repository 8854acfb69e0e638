package dev.asyncio4j.tests;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The bodies of the Lincheck operations on a primitive whose waiters are granted under its lock
 * and completed right after by the granting thread (Event, Barrier; docs/semantics.md §1.4): each thread
 * keeps its pending wait in {@link Holdings}; checks and cancels of a wait run when no mutating
 * operation is in flight ({@link Holdings#quiesce()}). The test class declares the operations and
 * delegates here, passing its {@code ThreadIdGen} parameter as {@code me}.
 */
final class WaitOps {
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);
    private final Supplier<? extends CompletableFuture<?>> waitAsync;

    WaitOps(Supplier<? extends CompletableFuture<?>> waitAsync) {
        this.waitAsync = waitAsync;
    }

    String waitFor(int me) {
        mine.quiesce();
        if (mine.hasPending(me)) return "busy";
        mine.mutating(() -> {
            mine.started(me, waitAsync.get());
            return null;
        });
        return "started";
    }

    /** Checks completion of this thread's wait: "none", "pending", or its outcome. */
    String poll(int me) {
        mine.quiesce();
        return mine.refresh(me);
    }

    /** How many of this thread's waits completed normally, as last checked. */
    int woken(int me) {
        return mine.held(me);
    }

    String cancel(int me) {
        mine.quiesce();
        return mine.cancel(me);
    }

    /** Runs a mutating call of the primitive (set, clear, reset, abort), counted as in flight. */
    void mutate(Runnable operation) {
        mine.mutating(() -> {
            operation.run();
            return null;
        });
    }
}
