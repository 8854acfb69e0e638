package dev.asyncio4j.tests;

import dev.asyncio4j.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one operation over and over from several platform threads and from tasks on two event
 * loops started with {@link EventLoop#start()}, all on one shared primitive, for
 * {@code stress.seconds} seconds (default 2; {@code mvn -Pstress} raises it), while a canceller
 * thread and the actors themselves cancel some of the futures at random moments: pending, granted
 * but not yet resumed, or already resumed.
 *
 * <p>An operation returns a stage that completes once it has finished with the primitive
 * (acquired and released, or cancelled); it fails only on a violated invariant. The harness fails
 * when an operation fails, or when one does not finish within {@link #PATIENCE_SECONDS} (a lost
 * wake-up or a leaked grant), and reports the primitive's {@code toString()} then.
 */
final class StressHarness implements AutoCloseable {

    /** How long one operation, and the shutdown of all actors, may take before the run is declared stuck. */
    static final long PATIENCE_SECONDS = 30;

    /** One operation on the shared primitive, called repeatedly by every actor. */
    interface Operation {
        CompletionStage<?> run(Actor actor);
    }

    /** The caller of an operation: a platform thread, or a task on one of the loops. */
    final class Actor {
        final String name;
        final EventLoop loop;

        Actor(String name, EventLoop loop) {
            this.name = name;
            this.loop = loop;
        }

        /**
         * Cancels {@code f} at a random moment, or not at all: at once, from the canceller thread,
         * or (for a loop actor) from a later callback of its own loop, which often finds a waiter
         * granted by another thread but not yet resumed.
         */
        void maybeCancel(CompletableFuture<?> f) {
            int dice = ThreadLocalRandom.current().nextInt(20);
            if (dice < 2) {
                f.cancel(false);
            } else if (dice < 5) {
                victims.add(f);
            } else if (dice < 8 && loop != null) {
                loop.callSoon(() -> f.cancel(false));
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What a run did. */
    record Report(long operations, long cancelsWon, List<Throwable> failures) {
    }

    /**
     * The acquire/release surface a Lock and a Semaphore share, for {@link #acquireHoldRelease}:
     * {@code new Acquirable(lock::tryAcquire, lock::acquireAsync, lock::release, lock::withLockAsync)}.
     */
    record Acquirable(
            BooleanSupplier tryAcquire,
            Supplier<CompletableFuture<Void>> acquireAsync,
            Runnable release,
            Function<Supplier<CompletionStage<Object>>, CompletableFuture<Object>> withHeldAsync) {
    }

    private final long seconds = Long.getLong("stress.seconds", 2);
    private final EventLoop[] loops = {EventLoop.withVirtualClock().start(), new EventLoop().start()};
    private final LinkedBlockingQueue<CompletableFuture<?>> victims = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final LongAdder operations = new LongAdder();
    private final LongAdder cancelsWon = new LongAdder();
    private final AtomicBoolean stop = new AtomicBoolean();

    /**
     * Runs {@code op} from {@code threads} platform threads and {@code tasksPerLoop} concurrent
     * tasks on each of the two loops until the time is up and every actor has finished.
     *
     * @param state describes the primitive in a failure message
     */
    Report run(int threads, int tasksPerLoop, Operation op, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread canceller = new Thread(this::cancelVictims, "stress-canceller");
        canceller.setDaemon(true);
        canceller.start();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Actor actor = new Actor("thread-" + i, null);
            Thread t = new Thread(() -> runOnThread(actor, op, deadline, state), actor.name);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (EventLoop loop : loops) {
            for (int i = 0; i < tasksPerLoop; i++) {
                Actor actor = new Actor(loop + "-task-" + i, loop);
                CompletableFuture<Void> done = new CompletableFuture<>();
                tasks.add(done);
                loop.callSoon(() -> runOnLoop(actor, op, deadline, done));
            }
        }
        long patience = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS);
        long until = System.currentTimeMillis() + Math.max(0, patience);
        for (Thread t : workers) {
            t.join(Math.max(1, until - System.currentTimeMillis()));
            if (t.isAlive()) failures.add(new AssertionError(t.getName() + " never finished: " + state.get()));
        }
        for (CompletableFuture<Void> done : tasks) {
            try {
                done.get(Math.max(1, until - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                failures.add(new AssertionError("a loop task never finished: " + state.get()));
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        stop.set(true);
        canceller.interrupt();
        canceller.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        Report report = new Report(operations.sum(), cancelsWon.sum(), List.copyOf(failures));
        System.out.printf("stress (%d s, %d threads, %d tasks on each of 2 loops): %d operations, %d cancellations took effect, %d failures%n",
                seconds, threads, tasksPerLoop, report.operations(), report.cancelsWon(), report.failures().size());
        return report;
    }

    /**
     * One operation on a lock or a semaphore, picked at random: a tryAcquire, a with-block, or (most
     * often) a plain acquire then release; the last two may be cancelled at a random moment.
     * {@code holding} runs while the primitive is held. The stage fails only on a failure other
     * than the cancellation of its own future; a cancellation that took effect is counted.
     */
    CompletionStage<?> acquireHoldRelease(Acquirable primitive, Actor actor, Runnable holding) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(8)) {
            case 0 -> {
                if (primitive.tryAcquire().getAsBoolean()) {
                    holding.run();
                    primitive.release().run();
                }
                return CompletableFuture.completedFuture(null);
            }
            case 1 -> {
                CompletableFuture<Object> f = primitive.withHeldAsync().apply(() -> {
                    holding.run();
                    return CompletableFuture.completedFuture(null);
                });
                actor.maybeCancel(f);
                return f.handle((v, error) -> settle(error));
            }
            default -> {
                CompletableFuture<Void> f = primitive.acquireAsync().get();
                actor.maybeCancel(f);
                return f.handle((v, error) -> {
                    if (error == null) {
                        holding.run();
                        primitive.release().run();
                    }
                    return settle(error);
                });
            }
        }
    }

    private Object settle(Throwable error) {
        if (error == null) return null;
        if (!isCancellation(error)) throw new CompletionException(error);
        cancelWon();
        return null;
    }

    /** Counts a cancellation that took effect (the caller then holds nothing). */
    void cancelWon() {
        cancelsWon.increment();
    }

    /** True if {@code error} is the cancellation of the operation's own future, unwrapped or not. */
    static boolean isCancellation(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof CancellationException;
    }

    private void runOnThread(Actor actor, Operation op, long deadline, Supplier<String> state) {
        try {
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                CompletableFuture<?> f = op.run(actor).toCompletableFuture();
                try {
                    f.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    failures.add(new AssertionError(actor + ": an operation never finished (lost wake-up?): " + state.get()));
                    return;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                    return;
                }
                operations.increment();
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private void runOnLoop(Actor actor, Operation op, long deadline, CompletableFuture<Void> done) {
        if (System.nanoTime() >= deadline || !failures.isEmpty()) {
            done.complete(null);
            return;
        }
        CompletionStage<?> stage;
        try {
            stage = op.run(actor);
        } catch (Throwable t) {
            done.completeExceptionally(t);
            return;
        }
        stage.whenComplete((v, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            operations.increment();
            actor.loop.callSoon(() -> runOnLoop(actor, op, deadline, done)); // back on the loop, whoever completed the stage
        });
    }

    private void cancelVictims() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (!stop.get()) {
                CompletableFuture<?> f = victims.poll(10, TimeUnit.MILLISECONDS);
                if (f == null) continue;
                if (random.nextBoolean()) Thread.yield(); // sometimes let the grant get ahead
                f.cancel(false);
            }
        } catch (InterruptedException e) {
            // stop
        }
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) loop.close();
    }
}
