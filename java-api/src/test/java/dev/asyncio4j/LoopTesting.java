package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Drives a virtual-clock loop the way asyncio's own tests do: the test body runs on the loop,
 * {@link #yields(int)} is {@code await asyncio.sleep(0)} n times, {@link #steps} runs one piece of
 * the test per iteration. Relies on nothing of Task beyond {@code EventLoop.run(main)} running
 * {@code main} on the loop and waiting for its stage.
 */
final class LoopTesting {
    private LoopTesting() {
    }

    /**
     * Runs {@code main} on a new virtual-clock loop until its stage completes, closes the loop,
     * and returns the value or rethrows the failure as it is (assertion errors included).
     */
    static <T> T run(Supplier<? extends CompletionStage<T>> main) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        T value;
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            value = loop.run(() -> {
                CompletionStage<T> stage;
                try {
                    stage = main.get();
                } catch (Throwable error) {
                    failure.set(error);
                    return CompletableFuture.completedFuture(null);
                }
                return stage.handle((v, error) -> {
                    if (error != null) failure.set(unwrap(error));
                    return v;
                });
            });
        }
        Throwable error = failure.get();
        if (error instanceof RuntimeException r) throw r;
        if (error instanceof Error e) throw e;
        if (error != null) throw new CompletionException(error);
        return value;
    }

    /** Runs the steps on a new virtual-clock loop: {@code run(() -> steps(steps))}. */
    static void runSteps(Runnable... steps) {
        run(() -> steps(steps));
    }

    /** Completes after {@code n} iterations of the running loop: n nested {@code callSoon}s. asyncio: n times {@code await sleep(0)}. */
    static CompletableFuture<Void> yields(int n) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        EventLoop loop = EventLoop.running();
        yieldThen(loop, n, () -> done.complete(null));
        return done;
    }

    private static void yieldThen(EventLoop loop, int n, Runnable then) {
        if (n == 0) then.run();
        else loop.callSoon(() -> yieldThen(loop, n - 1, then));
    }

    /**
     * Runs {@code steps[0]} now and each next step one iteration after the previous one (scheduled
     * after the step ran, so what a step wakes resumes before the next step). Completes after the
     * last step; fails with the first step that throws.
     */
    static CompletableFuture<Void> steps(Runnable... steps) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runStep(EventLoop.running(), steps, 0, done);
        return done;
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

    /** The failure of a completed future, unwrapped; AssertionError if it did not fail. */
    static Throwable failure(CompletableFuture<?> f) {
        if (!f.isDone()) throw new AssertionError("not done: " + f);
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("completed normally: " + f);
    }

    static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) error = error.getCause();
        return error;
    }
}
