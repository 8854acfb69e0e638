package dev.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Helpers for the task, Asyncio, TaskGroup and run tests: a virtual-clock loop, a log, outcomes as text. */
final class TaskTesting {
    private TaskTesting() {
    }

    /** An ordered record of what happened, shared by the code under test and the assertions. */
    static final class Log {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        void add(String line) {
            lines.add(line);
        }

        /** Adds "line @t" with the loop's virtual time in seconds. */
        void at(String line) {
            lines.add(line + " @" + seconds(EventLoop.running().time()));
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }
    }

    static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /** Runs {@code main} on a new virtual-clock loop, then closes it. */
    static <T> T runVirtual(Supplier<? extends CompletionStage<T>> main) {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            return loop.run(main);
        }
    }

    /** Yields {@code n} loop iterations (asyncio: {@code await asyncio.sleep(0)} n times). */
    static CompletableFuture<Void> yields(int n) {
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) f = f.thenCompose(ignored -> Asyncio.sleep(Duration.ZERO));
        return f;
    }

    /** A stage's outcome as text: "value:x", "cancelled:message", "failed:SimpleName:message", "pending". */
    static String outcome(CompletionStage<?> stage) {
        if (stage instanceof Task<?> t) {
            if (!t.isDone()) return "pending";
            if (t.isCancelled()) {
                try {
                    t.result();
                } catch (CancellationException e) {
                    return "cancelled:" + e.getMessage();
                }
            }
            Throwable e = t.exception();
            return e == null ? "value:" + t.result() : "failed:" + e.getClass().getSimpleName() + ":" + e.getMessage();
        }
        CompletableFuture<?> f = stage.toCompletableFuture();
        if (!f.isDone()) return "pending";
        try {
            return "value:" + f.get();
        } catch (CancellationException e) {
            return "cancelled:" + e.getMessage();
        } catch (ExecutionException e) {
            Throwable c = Task.unwrap(e.getCause());
            if (c instanceof CancellationException) return "cancelled:" + c.getMessage();
            return "failed:" + c.getClass().getSimpleName() + ":" + c.getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The failure of a stage's outcome as it reaches a dependent stage, unwrapped. */
    static Throwable failure(CompletionStage<?> stage) {
        Throwable[] out = new Throwable[1];
        stage.toCompletableFuture().whenComplete((v, e) -> out[0] = Task.unwrap(e));
        return out[0];
    }

    /** Recovers from any failure with "caught:SimpleName:message", so a chain can go on. */
    static <T> CompletableFuture<String> describe(CompletionStage<T> stage) {
        return stage.handle((v, e) -> {
            if (e == null) return "value:" + v;
            Throwable c = Task.unwrap(e);
            return (c instanceof CancellationException ? "cancelled:" : "failed:" + c.getClass().getSimpleName() + ":") + c.getMessage();
        }).toCompletableFuture();
    }

    static IllegalArgumentException boom(String message) {
        return new IllegalArgumentException(message);
    }
}
