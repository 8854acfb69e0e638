package dev.asyncio4j;

/**
 * Records, for the task running on this thread, the library futures it creates: its await
 * points (docs/design.md, "Cancellation"). Runs for every pending library future, so it is one
 * thread-local read when no task runs, and an append to the task's list when one does.
 */
final class AwaitPoints {
    private AwaitPoints() {
    }

    /** A library future was created: if a task is running on this thread, it becomes that task's latest await point. */
    static void created(LibraryFuture<?> future) {
        created(future, EventLoop.currentOrNull());
    }

    /** {@link #created(LibraryFuture)} with the loop running on this thread already looked up (null if none). */
    static void created(LibraryFuture<?> future, EventLoop running) {
        Task<?> current = running == null ? null : running.currentTask;
        if (current != null) current.awaitPointCreated(future);
    }

    /** {@code future} must never be an await point of the running task (the future given to {@code shield}). */
    static void forget(LibraryFuture<?> future) {
        Task<?> current = Task.current();
        if (current != null) current.awaitPointForgotten(future);
    }
}
