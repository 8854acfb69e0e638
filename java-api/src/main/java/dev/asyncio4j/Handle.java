package dev.asyncio4j;

/**
 * A callback scheduled on an {@link EventLoop}. asyncio: {@code asyncio.Handle}.
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread.
 */
public interface Handle {
    /** Prevents the callback from running; does nothing if it has already run. asyncio: {@code Handle.cancel()}. */
    void cancel();

    /**
     * True once {@link #cancel()} has been called. asyncio: {@code Handle.cancelled()}.
     *
     * @return true once cancelled
     */
    boolean cancelled();
}
