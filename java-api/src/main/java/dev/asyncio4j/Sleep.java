package dev.asyncio4j;

import java.time.Duration;

/** {@link Asyncio#sleep}'s future. A sleep is its own loop callback: one object, and no handle for a zero delay. */
final class Sleep<T> extends LibraryFuture<T> implements LoopWork {
    private final T result;
    /** The timer of a positive delay; null for a zero delay (one iteration, nothing to cancel). */
    private final Handle timer;

    Sleep(EventLoop loop, Duration delay, T result) {
        super(loop, Cancel.IMMEDIATE, LateCancel.WINS);
        this.result = result;
        if (delay.isNegative() || delay.isZero()) {
            timer = null;
            loop.schedule(this);
        } else {
            timer = loop.callLater(delay, this);
        }
    }

    @Override
    public void run() {
        if (!isDone()) completeInternal(result);
    }

    @Override
    void onCancel() {
        if (timer != null) timer.cancel();
    }
}
