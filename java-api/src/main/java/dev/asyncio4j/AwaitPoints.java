package dev.asyncio4j;

/**
 * Records, for the task running on this thread, the library future it most recently created:
 * the task's await point (DESIGN.md "Two kinds of cancel").
 */
final class AwaitPoints {
    private AwaitPoints() {
    }

    static void created(LibraryFuture<?> future) {
        // Filled by the task machinery: Task.current() remembers the future as its await point.
    }
}
