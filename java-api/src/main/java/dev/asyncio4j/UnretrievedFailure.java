package dev.asyncio4j;

import java.lang.ref.Cleaner;

/**
 * Reports a failure nobody retrieved when the task is garbage-collected (asyncio: "Task
 * exception was never retrieved", logged from {@code __del__}). Holds no reference to the task.
 */
final class UnretrievedFailure implements Runnable {
    static final Cleaner CLEANER = Cleaner.create();
    final EventLoop loop;
    final String name;
    final Throwable failure;
    final Throwable createdAt;
    volatile boolean retrieved;

    UnretrievedFailure(EventLoop loop, String name, Throwable failure, Throwable createdAt) {
        this.loop = loop;
        this.name = name;
        this.failure = failure;
        this.createdAt = createdAt;
    }

    @Override
    public void run() {
        if (retrieved) return;
        retrieved = true;
        IllegalStateException report = new IllegalStateException("Task exception was never retrieved: " + name, failure);
        if (createdAt != null) report.addSuppressed(createdAt);
        if (!loop.isClosed()) {
            try {
                loop.schedule(() -> loop.reportError(report));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // report here
            }
        }
        loop.reportError(report);
    }
}
