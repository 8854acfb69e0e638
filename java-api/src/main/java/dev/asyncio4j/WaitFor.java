package dev.asyncio4j;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** {@link Asyncio#waitFor}'s future: {@code aw}'s outcome, or {@link TimeoutException} once the deadline has cancelled it. */
final class WaitFor<T> extends LibraryFuture<T> implements Awaiting {
    private final CompletionStage<T> aw;
    private TimerHandle timer;
    private boolean expired;      // the deadline passed while aw was pending: aw was cancelled
    private boolean lateExpiry;   // the deadline passed after aw completed, before we saw it
    private boolean outsideCancel;
    private boolean mustCancel;
    private String cancelMessage;
    private boolean seen;

    WaitFor(EventLoop loop, CompletionStage<T> aw, Duration timeout) {
        super(Cancel.REQUEST, LateCancel.as(aw));
        this.aw = aw;
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            deadline();
        } else if (timeout != null) {
            timer = loop.callLater(timeout, this::deadline);
        }
        Stages.whenDone(aw, loop, true, this::awDone);
    }

    private void deadline() {
        if (seen || isDone()) return;
        if (Stages.isDone(aw)) {
            // Too late to cancel aw. A grant (a lock, a permit, an item taken or placed) is
            // delivered: the deadline lost the race. Anything else is dropped, as in asyncio.
            lateExpiry = lateCancellationWins(); // declared from aw: false for a grant
        } else {
            expired = true;
            Stages.requestCancel(aw, null);
        }
    }

    private void awDone(T value, Throwable error) {
        seen = true;
        if (timer != null) timer.cancel();
        if (mustCancel) {
            failInternal(new CancellationException(cancelMessage));
        } else if (lateExpiry) {
            failInternal(timedOut(new CancellationException()));
        } else if (expired && !outsideCancel && error instanceof CancellationException) {
            failInternal(timedOut(error));
        } else if (error != null) {
            failInternal(error);
        } else {
            completeInternal(value);
        }
    }

    @Override
    public List<CompletionStage<T>> awaited() {
        return List.of(aw);
    }

    @Override
    boolean requestCancel(String message) {
        if (isDone() || seen || mustCancel) return false;
        if (!Stages.isDone(aw) && Stages.requestCancel(aw, message)) {
            outsideCancel = true;
            return true;
        }
        // aw completed in this iteration: the cancellation wins, unless aw's outcome is a grant,
        // which is delivered (too late: the request goes on to the task's next await point).
        if (!lateCancellationWins()) return false;
        outsideCancel = true;
        mustCancel = true;
        cancelMessage = message;
        return true;
    }

    private static TimeoutException timedOut(Throwable cause) {
        TimeoutException timedOut = new TimeoutException("timeout expired");
        timedOut.initCause(cause);
        return timedOut;
    }
}
