package dev.asyncio4j.redis;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.EventLoop;
import dev.asyncio4j.Lock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every Redis primitive turns a Redisson request into a library future; the one place that
 * knows about cancellation, lost connections and loops.
 *
 * <h2>A request's life</h2>
 * <pre>
 *   PENDING --Redisson grants r--&gt; take(r) records it --&gt; GRANTED (the caller's future completes)
 *   PENDING --cancel, or the probe finds Redis gone--&gt; DONE; when Redisson's grant arrives later,
 *            giveBack(r) releases it (a lock, a permit, an item pushed back to the head)
 *   GRANTED, but the loop's wrapper cancelled before it resumed --&gt; giveBack(r)
 * </pre>
 * Redisson's own future is never cancelled: its cancellation paths do not all give a racing grant
 * back, so the request runs to its grant and this layer returns what nobody took. So nothing is
 * lost, whichever of grant, cancel and connection failure comes first.
 *
 * <h2>Lost connections</h2>
 * Redisson fails a command within its timeout, but a request that waits for a pub/sub message
 * sends no command while it waits. So while any request is pending, a probe (one EXISTS) runs
 * every {@code probeInterval}; when it fails, every pending future fails with a
 * {@link RedisConnectionException} naming the cause. Redisson reconnects by itself; requests made
 * after that work again.
 *
 * <h2>Threads</h2>
 * A future asked for on a loop thread is the loop's own ({@link Asyncio#wrapFuture}): it completes
 * on that loop, and cancelling it, or the task awaiting it, cancels the request. Other futures
 * are completed by Redisson's I/O thread, but every stage composed on them runs on this module's
 * callback threads ({@link OffIoFuture}), so continuations may call the synchronous methods (a
 * blocking call on the I/O thread would deadlock). What a cancel withdraws (a place in
 * {@link Turns}, a parked waiter) is withdrawn in place, before {@code cancel()} returns
 * ({@link OffIoFuture#whenDoneHere}), whatever thread cancels: no loop or callback thread has to
 * run first.
 */
final class Requests implements AutoCloseable {

    /** What a request is granted and how it is returned when nobody takes it. */
    interface Grant<R, T> {
        /** A grant that nobody gives back: an event's wake-up. */
        static <R> Grant<R, R> none() {
            return new Grant<>() {
                @Override
                public R take(R r) {
                    return r;
                }

                @Override
                public void giveBack(R r, boolean taken) {
                }
            };
        }

        /** Records {@code r} as held by this instance and gives the caller's value. */
        T take(R r);

        /**
         * Returns {@code r} to Redis, undoing {@link #take} if it ran ({@code taken}); a taken grant
         * that this instance no longer records (released meanwhile) is not returned twice.
         */
        void giveBack(R r, boolean taken);
    }

    private final RedissonClient client;
    private final ScheduledExecutorService timer;
    private final long probeMillis;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean closed;

    /** Completes the callers' futures: never Redisson's I/O threads, where a blocking call deadlocks. */
    private final Executor callbacks;

    Requests(RedissonClient client, ScheduledExecutorService timer, Executor callbacks, Duration probeInterval) {
        this.client = client;
        this.timer = timer;
        this.callbacks = callbacks;
        this.probeMillis = Math.max(1, probeInterval.toMillis());
    }

    /**
     * Starts a request and returns the caller's future (see the class doc).
     *
     * @param start sends the Redisson request; it is given the caller's future, done once nobody
     *     wants the grant any more (a retry loop stops then, completing with null)
     * @param grant what a grant means to this primitive; a null grant is none
     */
    <R, T> CompletableFuture<T> request(Function<OffIoFuture<?>, ? extends CompletionStage<R>> start, Grant<R, T> grant) {
        OffIoFuture<T> core = new OffIoFuture<>(callbacks);
        AtomicReference<R> taken = new AtomicReference<>();
        if (closed) {
            core.completeExceptionally(new IllegalStateException("RedisPrimitives is closed"));
            return onLoop(core, taken, grant);
        }
        pending.add(core); // removed once Redis answers; a cancelled one by the next probe
        CompletionStage<R> stage;
        try {
            stage = start.apply(core);
        } catch (RuntimeException e) {
            core.completeExceptionally(e);
            return onLoop(core, taken, grant);
        }
        stage.whenComplete((r, e) -> { // on Redisson's thread: core redirects its dependents
            pending.remove(core);
            if (e != null) {
                core.completeExceptionally(unwrap(e));
            } else if (core.isDone()) {
                if (r != null) grant.giveBack(r, false);
            } else {
                taken.set(r);
                if (!core.complete(grant.take(r))) grant.giveBack(r, true); // a cancel raced the take
            }
        });
        startProbe();
        return onLoop(core, taken, grant);
    }

    /**
     * On a loop thread, the loop's wrapper of {@code core}; a grant that completed {@code core}
     * but whose wrapper was cancelled before the loop delivered it goes back.
     */
    private static <R, T> CompletableFuture<T> onLoop(CompletableFuture<T> core, AtomicReference<R> taken, Grant<R, T> grant) {
        if (!onLoopThread()) return core;
        CompletableFuture<T> wrapper = Asyncio.wrapFuture(core);
        wrapper.whenComplete((v, e) -> {
            R r = taken.get();
            if (wrapper.isCancelled() && r != null && core.isDone() && !core.isCompletedExceptionally()) grant.giveBack(r, true);
        });
        return wrapper;
    }

    private static boolean onLoopThread() {
        try {
            return EventLoop.running() != null;
        } catch (IllegalStateException noLoop) {
            return false;
        }
    }

    /** Fails every pending request while Redis does not answer; stops when none is pending. */
    private void startProbe() {
        if (!closed && !pending.isEmpty() && probing.compareAndSet(false, true)) {
            timer.schedule(this::probe, probeMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        pending.removeIf(CompletableFuture::isDone);
        if (closed || pending.isEmpty()) {
            probing.set(false);
            startProbe(); // a request added after the check above
            return;
        }
        client.getBucket("asyncio4j:probe", StringCodec.INSTANCE).isExistsAsync().whenComplete((r, e) -> {
            if (e != null) {
                RedisConnectionException lost = new RedisConnectionException(
                        "lost the connection to Redis while waiting: " + unwrap(e).getMessage(), unwrap(e));
                callbacks.execute(() -> {
                    for (CompletableFuture<?> f : pending) f.completeExceptionally(lost);
                });
            }
            if (closed) return;
            timer.schedule(this::probe, probeMillis, TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Waits for a one-round-trip command: the synchronous methods.
     *
     * @throws RuntimeException the command's failure, as Redisson reports it
     */
    static <V> V sync(CompletionStage<V> command) {
        if (Thread.currentThread().getName().startsWith("redisson-netty")) {
            // the reply would be read by this very thread: fail now rather than time out
            throw new IllegalStateException("a synchronous Redis call on Redisson's I/O thread would deadlock;"
                    + " continue on another executor (e.g. thenRunAsync)");
        }
        try {
            return command.toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * One instance's waiters for one name (a lock, a semaphore, a queue's getters or putters), in
     * FIFO order: one request at a time goes to Redis, so cancelled requests cannot pile up there.
     * asyncio: none (how one process queues in front of Redis).
     *
     * <h2>States</h2>
     * A request waits in this JVM for its turn ({@link Lock}); then it is sent and keeps the turn
     * until Redis answers it, and the next request goes. A request counts as {@linkplain #waiting()
     * waiting} from its start until Redis answers it or its caller's future ends (cancelled,
     * failed), whichever comes first.
     *
     * <h2>Cancellation</h2>
     * Applied by the thread that cancels, before its {@code cancel()} returns: the request stops
     * counting, and one still in this JVM leaves the queue (a turn just handed to it passes on).
     * One already sent keeps the turn until Redis answers (Redisson's request is never cancelled:
     * see the class doc), but no longer counts: it only gives back what it gets.
     *
     * <h2>Threads</h2>
     * Thread-safe. The turn passes on the thread that ends the previous request: Redisson's I/O
     * thread for an answer, the canceller's for a cancel; a waiter made on a loop thread is sent
     * from its loop.
     */
    static final class Turns {
        private final Lock order = new Lock();
        /** The requests whose caller waits: started, not answered, not ended. */
        private final Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();

        /**
         * True while a caller of this instance waits for the name (its request queued here or
         * unanswered in Redis): a {@code tryAcquire()} must not pass it. Cancelled requests do not
         * count, even one that Redis has not answered yet.
         */
        boolean waiting() {
            return !waiting.isEmpty();
        }

        /**
         * Sends {@code start} when this request's turn comes; a request whose caller is gone
         * ({@code stop} done) before its turn leaves in O(1) and sends nothing. The turn passes on
         * once Redis answered.
         */
        <R> CompletionStage<R> inTurn(OffIoFuture<?> stop, Supplier<? extends CompletionStage<R>> start) {
            waiting.add(stop);
            CompletableFuture<Void> turn = order.acquireAsync();
            stop.whenDoneHere(() -> {
                waiting.remove(stop);
                turn.cancel(false);
            });
            return turn.thenCompose(v -> {
                if (stop.isDone()) {
                    order.release();
                    return CompletableFuture.completedFuture(null);
                }
                CompletionStage<R> sent;
                try {
                    sent = start.get();
                } catch (RuntimeException e) {
                    answered(stop);
                    throw e;
                }
                return sent.whenComplete((r, e) -> answered(stop));
            });
        }

        /** Before the caller's future completes: a tryAcquire() right after it must not find the request waiting. */
        private void answered(CompletableFuture<?> stop) {
            waiting.remove(stop);
            order.release();
        }
    }

    /**
     * asyncio's {@code async with}: acquires, runs {@code body}, releases when body's stage
     * completes however it completes, then completes with body's outcome (a release failure is
     * added to it). A cancelled acquire never runs body; cancelling the result while it waits
     * cancels the acquire. The release runs on a callback thread, whatever thread completed
     * body's stage (it may be Redisson's I/O thread, where a synchronous call deadlocks); on a
     * loop thread the result is the loop's future.
     */
    <T> CompletableFuture<T> withHeld(CompletableFuture<Void> acquire, Supplier<? extends CompletionStage<T>> body,
                                      Runnable release) {
        Objects.requireNonNull(body, "body");
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) acquire.cancel(false);
        });
        acquire.whenComplete((held, e) -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(body.get(), "body returned null");
            } catch (Throwable t) {
                stage = CompletableFuture.failedFuture(t);
            }
            stage.whenCompleteAsync((value, error) -> {
                Throwable failure = error == null ? null : unwrap(error);
                try {
                    release.run();
                } catch (RuntimeException releaseFailed) {
                    if (failure == null) failure = releaseFailed;
                    else failure.addSuppressed(releaseFailed);
                }
                if (failure != null) result.completeExceptionally(failure);
                else result.complete(value);
            }, callbacks);
        });
        return onLoopThread() ? Asyncio.wrapFuture(result) : result;
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) e = e.getCause();
        return e;
    }

    int pendingCount() {
        return pending.size();
    }

    @Override
    public void close() {
        closed = true;
        IllegalStateException gone = new IllegalStateException("RedisPrimitives closed while waiting");
        for (CompletableFuture<?> f : pending) f.completeExceptionally(gone);
    }
}
