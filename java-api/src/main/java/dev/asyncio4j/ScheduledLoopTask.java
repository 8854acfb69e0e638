package dev.asyncio4j;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task of the loop's {@code ScheduledExecutorService} face ({@code schedule*}) on a loop timer;
 * periodic ones re-arm themselves after each run. The loop tells these timers from its own when
 * {@code shutdown()} cancels the periodic ones and {@code shutdownNow()} hands the waiting ones back.
 */
final class ScheduledLoopTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private final EventLoop loop;
    long when;
    final long period; // 0: once; > 0: fixed rate; < 0: fixed delay
    volatile TimerHandle timer;

    private ScheduledLoopTask(EventLoop loop, Callable<V> callable, long when, long period) {
        super(callable);
        this.loop = loop;
        this.when = when;
        this.period = period;
    }

    /**
     * Arms a task due {@code delay} from now on {@code loop}'s clock.
     *
     * @param period in nanoseconds: 0 once, &gt; 0 at a fixed rate, &lt; 0 with a fixed delay
     * @throws RejectedExecutionException after the loop's {@code shutdown()} or {@code close()}
     */
    static <V> ScheduledLoopTask<V> submit(EventLoop loop, Callable<V> callable, long delay, TimeUnit unit, long period) {
        ScheduledLoopTask<V> task = new ScheduledLoopTask<>(loop, callable,
                EventLoop.saturatedAdd(loop.time(), Duration.ofNanos(unit.toNanos(delay))), period);
        if (loop.isShutdown() || loop.isClosed()) throw new RejectedExecutionException(loop + " is shut down");
        try {
            task.timer = loop.callAt(task.when, task);
        } catch (IllegalStateException closedMeanwhile) {
            throw new RejectedExecutionException(loop + " is closed");
        }
        return task;
    }

    @Override
    public void run() {
        if (period == 0) {
            super.run();
        } else if (runAndReset()) {
            if (loop.isShutdown() || loop.isClosed()) {
                super.cancel(false); // periodic tasks end with shutdown(); its timer already fired
            } else {
                // Saturated: a huge period re-arms at the end of time, not in the past (JDK-8051859).
                when = period > 0 ? saturatedAdd(when, period) : saturatedAdd(loop.time(), -period);
                timer = loop.callAt(when, this);
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        TimerHandle t = timer;
        if (cancelled && t != null) t.cancel();
        return cancelled;
    }

    @Override
    public boolean isPeriodic() {
        return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(saturatedAdd(when, -loop.time()), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    /** {@code a + b}, or the end of time it overflows to. */
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) return b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        return sum;
    }
}
