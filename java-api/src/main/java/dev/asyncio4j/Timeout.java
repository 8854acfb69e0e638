package dev.asyncio4j;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The deadline of one {@link Asyncio#timeout} block. asyncio: {@code asyncio.Timeout}, the object
 * {@code async with asyncio.timeout(delay) as t} binds.
 *
 * <h2>States</h2>
 * <pre>
 *   ACTIVE --deadline: the task gets a cancel request--&gt; EXPIRED --body done--&gt; EXITED
 *   ACTIVE --body done (the timer is cancelled)-----------------------------&gt; EXITED
 * </pre>
 * On exit after expiry it calls the task's {@link Task#uncancel()}; if the count is then back at
 * its level on entry, the cancellation was this timeout's own, and a body that ended with
 * {@link CancellationException} ends with {@link TimeoutException} instead (caused by it). Any
 * other cancellation (someone else cancelled the task too, an inner timeout when an outer one
 * fired as well) propagates unchanged. Single use; used on the loop's thread.
 *
 * <p>A deadline already past on entry or on {@link #reschedule} fires on the next iteration, before
 * anything the body schedules afterwards: a body that completes without suspending is unaffected
 * ({@link #expired()} stays false), and one that yields even once ({@code Asyncio.sleep(ZERO)})
 * is cancelled, as in asyncio.
 */
public final class Timeout {
    private final Task<?> task;
    private final EventLoop loop;
    private final int entryCancelling;
    private long when;
    private Handle expiry; // the pending call to fire(): a loop timer, or a ready callback for a past deadline
    private boolean expired;
    private boolean exited;

    private Timeout(Task<?> task, long when) {
        this.task = task;
        this.loop = task.loop();
        this.entryCancelling = task.cancelling();
        this.when = when;
    }

    /** Asyncio.timeout: enters, runs the body at once in the calling task, and exits when its stage is done. */
    static <T> CompletableFuture<T> run(Duration delay, Function<Timeout, ? extends CompletionStage<T>> body) {
        if (body == null) return CompletableFuture.failedFuture(new NullPointerException("body"));
        Task<?> task = Task.current();
        if (task == null) return CompletableFuture.failedFuture(new IllegalStateException("Timeout should be used inside a task"));
        Timeout timeout = new Timeout(task, deadline(task.loop(), delay));
        Result<T> result = timeout.new Result<>(); // before the body's futures: they are the task's await points
        timeout.arm();
        Stages.runBlock(timeout.loop, body, timeout, "timeout body", (value, error) -> timeout.exit(result, value, error));
        return result;
    }

    private static long deadline(EventLoop loop, Duration delay) {
        return delay == null ? Long.MAX_VALUE : EventLoop.saturatedAdd(loop.time(), delay);
    }

    /**
     * Schedules the expiry, as asyncio's {@code Timeout.reschedule()} does: a deadline already past
     * is queued at once ({@code call_soon}), so it runs on the next iteration ahead of anything the
     * body schedules afterwards; a timer would reach the ready queue only then, behind the wake-up
     * of a body that yields once, and that body would escape its expired deadline.
     */
    private void arm() {
        if (when == Long.MAX_VALUE) return;
        expiry = when <= loop.time() ? loop.callSoon(this::fire) : loop.callAt(when, this::fire);
    }

    private void fire() {
        if (expired || exited) return;
        expired = true;
        task.cancel();
    }

    private <T> void exit(Result<T> result, T value, Throwable error) {
        if (exited) return;
        exited = true;
        if (expiry != null) expiry.cancel();
        Throwable cause = Task.unwrap(error);
        if (expired && task.uncancel() <= entryCancelling && cause instanceof CancellationException) {
            TimeoutException timedOut = new TimeoutException("timeout expired");
            timedOut.initCause(cause);
            result.failInternal(timedOut);
        } else if (cause != null) {
            result.failInternal(cause);
        } else {
            result.completeInternal(value);
        }
    }

    /**
     * Moves the deadline to {@code time() + delay} (null: no deadline); a past one fires on the
     * next iteration, before anything the body schedules after this call. asyncio: {@code Timeout.reschedule()} (which takes an absolute time).
     *
     * @param delay the time from now to the new deadline, or null for none
     * @throws IllegalStateException if the timeout has expired or its block has exited
     */
    public void reschedule(Duration delay) {
        if (expired) throw new IllegalStateException("Cannot reschedule an expired timeout");
        if (exited) throw new IllegalStateException("Cannot reschedule a timeout whose block has exited");
        if (expiry != null) expiry.cancel();
        expiry = null;
        when = deadline(loop, delay);
        arm();
    }

    /**
     * True once the deadline has passed and the task got its cancel request. asyncio:
     * {@code Timeout.expired()}.
     *
     * @return true once expired
     */
    public boolean expired() {
        return expired;
    }

    /**
     * The deadline in nanoseconds on the loop's clock; {@code Long.MAX_VALUE} for none. asyncio:
     * {@code Timeout.when()}.
     *
     * @return the deadline, or {@code Long.MAX_VALUE}
     */
    public long when() {
        return when;
    }

    @Override
    public String toString() {
        String state = expired ? "expired" : exited ? "finished" : "active";
        return "Timeout[" + state + (when == Long.MAX_VALUE ? "" : ", when=" + when) + "]";
    }

    /** The block's future: the task's await point only while the body waits on nothing of the library. */
    private final class Result<T> extends LibraryFuture<T> {
        /**
         * {@code cancel()} is a request to the task running the block. A late cancellation never
         * wins: leaving the block is not an await point (asyncio's {@code __aexit__} does not
         * suspend), so a cancellation arriving as the block ends reaches the task's next await
         * point, and the body's value, perhaps a grant, is delivered.
         */
        Result() {
            super(Cancel.REQUEST_TO_TASK, LateCancel.LOSES);
        }

        /** Nothing to pass down: the body runs in the same task, whose await point got the request. */
        @Override
        boolean requestCancel(String message) {
            return false;
        }
    }
}
