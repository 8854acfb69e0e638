package dev.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The test kit: one place for every helper the tests share, in four sections.
 *
 * <ul>
 *   <li>Driving a loop the way asyncio's own tests do: a virtual-clock loop per test, the body on
 *       the loop, {@link #yields(int)} as {@code await asyncio.sleep(0)} n times, steps one
 *       iteration apart.</li>
 *   <li>Threads: running a body on another thread and checking where a waiter resumed.</li>
 *   <li>Outcomes: a future's end as text or as its unwrapped failure, a log, durations.</li>
 *   <li>Queues: filling, draining and a waiter that records how it ended.</li>
 * </ul>
 */
final class Testing {
    private Testing() {
    }

    // ---------------------------------------------------------------------------------------------
    // Driving a loop

    /**
     * Runs {@code main} as the main task of a new virtual-clock loop, then closes the loop:
     * {@link EventLoop#run} exactly, its result or failure included.
     */
    static <T> T runVirtual(Supplier<? extends CompletionStage<T>> main) {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            return loop.run(main);
        }
    }

    /**
     * Runs the steps in the main task of a new virtual-clock loop: {@code steps[0]} at once, each
     * next step one iteration after the previous one (scheduled after the step ran, so what a step
     * wakes resumes before the next step). The first step that throws ends the run with its failure.
     */
    static void runSteps(Runnable... steps) {
        runVirtual(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            runStep(EventLoop.running(), steps, 0, done);
            return done;
        });
    }

    private static void runStep(EventLoop loop, Runnable[] steps, int i, CompletableFuture<Void> done) {
        try {
            steps[i].run();
        } catch (Throwable error) {
            done.completeExceptionally(error);
            return;
        }
        if (i + 1 == steps.length) done.complete(null);
        else loop.callSoon(() -> runStep(loop, steps, i + 1, done));
    }

    /**
     * As {@link #runSteps}, but each step is a plain loop callback, outside any task, and one more
     * iteration runs after the last step: for primitives whose behaviour must not depend on the
     * caller being a task. The first step that throws ends the run, and its failure is rethrown here.
     */
    static void runStepsInCallbacks(Runnable... steps) {
        Throwable[] failure = {null};
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Runnable[] next = {null};
            int[] index = {0};
            next[0] = () -> {
                if (index[0] == steps.length) {
                    loop.stop();
                    return;
                }
                try {
                    steps[index[0]++].run();
                } catch (Throwable error) {
                    failure[0] = error;
                    loop.stop();
                    return;
                }
                loop.callSoon(next[0]);
            };
            loop.callSoon(next[0]);
            loop.runForever();
        }
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new CompletionException(failure[0]);
    }

    /**
     * Completes after {@code n} iterations of the running loop, one {@code Asyncio.sleep(0)} after
     * the other. asyncio: {@code await asyncio.sleep(0)} n times.
     */
    static CompletableFuture<Void> yields(int n) {
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        for (int i = 0; i < n; i++) f = f.thenCompose(ignored -> Asyncio.sleep(Duration.ZERO));
        return f;
    }

    /** {@code stop()} before {@code runForever()}: exactly one iteration (§13.3). */
    static void runOneIteration(EventLoop loop) {
        loop.stop();
        loop.runForever();
    }

    /** Runs {@code body} in a callback of the next iteration of {@code loop} (after what is already queued). */
    static <T> T inIteration(EventLoop loop, Supplier<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        loop.callSoon(() -> {
            try {
                result.set(body.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runOneIteration(loop);
        if (failure.get() != null) throw new AssertionError("in the loop callback", failure.get());
        return result.get();
    }

    // ---------------------------------------------------------------------------------------------
    // Threads

    /** Runs {@code body} on a new platform thread and waits for it; rethrows what it threw. */
    static void onThread(Runnable body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable error) {
                failure.set(error);
            }
        }, "test-thread");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Throwable error = failure.get();
        if (error instanceof RuntimeException r) throw r;
        if (error instanceof Error e) throw e;
    }

    /**
     * Off-loop: runs {@code frees} on a new thread and checks that thread waiter {@code f} was
     * completed before {@code frees} returned, its dependent stages running on that thread.
     */
    static void assertCompletedByFreeingThread(CompletableFuture<?> f, Runnable frees) {
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        f.whenComplete((v, e) -> completedOn.set(Thread.currentThread()));
        if (f.isDone()) throw new AssertionError("already done: " + f);
        AtomicReference<Thread> freeing = new AtomicReference<>();
        onThread(() -> {
            freeing.set(Thread.currentThread());
            frees.run();
            if (!f.isDone()) throw new AssertionError("not completed by the freeing thread: " + f);
        });
        if (completedOn.get() != freeing.get()) throw new AssertionError("completed on " + completedOn.get());
    }

    /**
     * On a loop: starts a new thread that runs {@code frees}, and returns a stage that completes
     * once loop waiter {@code f} has resumed, failing if it resumed on any thread but this loop's.
     */
    static CompletableFuture<Void> assertResumesOnThisLoop(CompletableFuture<?> f, Runnable frees) {
        Thread loopThread = Thread.currentThread();
        CompletableFuture<Void> checked = f.handle((v, e) -> {
            if (Thread.currentThread() != loopThread) throw new AssertionError("resumed on " + Thread.currentThread());
            return null;
        });
        EventLoop loop = EventLoop.running();
        new Thread(() -> {
            try {
                frees.run();
            } catch (Throwable error) { // fail the test instead of leaving the loop waiting forever
                loop.callSoon(() -> checked.completeExceptionally(error));
            }
        }, "test-freeing-thread").start();
        return checked;
    }

    // ---------------------------------------------------------------------------------------------
    // Outcomes

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

    static IllegalArgumentException boom(String message) {
        return new IllegalArgumentException(message);
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

    /**
     * A future's outcome in short, without messages: "pending", "value:&lt;v&gt;", "cancelled", or
     * the simple name of the failure.
     */
    static String shortOutcome(CompletableFuture<?> future) {
        if (!future.isDone()) return "pending";
        try {
            return "value:" + future.join();
        } catch (CancellationException cancelled) {
            return "cancelled";
        } catch (CompletionException failed) {
            return failed.getCause().getClass().getSimpleName();
        }
    }

    /**
     * The failure of a completed stage as it reaches a dependent stage, unwrapped (a cancellation
     * is its CancellationException); AssertionError if the stage is pending or succeeded.
     */
    static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        if (!f.isDone()) throw new AssertionError("not done: " + stage);
        Throwable[] out = new Throwable[1];
        f.whenComplete((v, e) -> out[0] = e);
        if (out[0] == null) throw new AssertionError("completed normally: " + stage);
        return Task.unwrap(out[0]);
    }

    /** The outcome as text ("value:x", "cancelled:message", "failed:SimpleName:message"), never failing, so a chain can go on. */
    static <T> CompletableFuture<String> describe(CompletionStage<T> stage) {
        return stage.handle((v, e) -> {
            if (e == null) return "value:" + v;
            Throwable c = Task.unwrap(e);
            return (c instanceof CancellationException ? "cancelled:" : "failed:" + c.getClass().getSimpleName() + ":") + c.getMessage();
        }).toCompletableFuture();
    }

    // ---------------------------------------------------------------------------------------------
    // Queues

    /**
     * A step that offers each item in turn: with putNowait while the queue has room, then with
     * putAsync, each pending put's future added to {@code puts}. From a queue of maxsize 1,
     * {@code fillThenQueuePuts(q, puts, "a", "b", "c")} leaves "a" in the queue and the puts of b
     * and c waiting.
     */
    @SafeVarargs
    static <E> Runnable fillThenQueuePuts(Queue<E> q, List<CompletableFuture<Void>> puts, E... items) {
        return () -> {
            for (E item : items) {
                if (q.full()) puts.add(q.putAsync(item));
                else q.putNowait(item);
            }
        };
    }

    /** A step that starts {@code count} getAsync calls, their futures added to {@code gets} in order. */
    static <E> Runnable queueGets(Queue<E> q, List<CompletableFuture<E>> gets, int count) {
        return () -> {
            for (int i = 0; i < count; i++) gets.add(q.getAsync());
        };
    }

    /** Puts each item with putNowait, then takes them all back: the order the queue gives. */
    @SafeVarargs
    static <E> List<E> putAllThenDrain(Queue<E> queue, E... items) {
        for (E item : items) queue.putNowait(item);
        return drain(queue);
    }

    /** Takes every item with getNowait, in the queue's order. */
    static <E> List<E> drain(Queue<E> queue) {
        List<E> items = new ArrayList<>();
        while (!queue.empty()) items.add(queue.getNowait());
        return items;
    }

    /** True if the unfinished count is zero (join would complete at once). */
    static boolean nothingUnfinished(Queue<?> queue) {
        return WaiterSpi.join(queue, null);
    }

    /** A waiter for the {@link WaiterSpi} door, resumed on the thread that grants it; records how it ended. */
    static final class RecordingWaiter<T> extends Waiter<T> {
        final List<String> events = new ArrayList<>();

        RecordingWaiter() {
            super(false);
        }

        @Override
        protected void resumed(T value) {
            events.add("resumed:" + value);
        }

        @Override
        protected void failed(Throwable error) {
            events.add("failed:" + error.getClass().getSimpleName());
        }
    }
}
