package dev.asyncio4j;

/**
 * A callback scheduled for a deadline on an {@link EventLoop}. asyncio: {@code asyncio.TimerHandle}.
 *
 * <p>Thread-safe, as every {@link Handle}: {@link #cancel()} may be called from any thread. A
 * cancelled timer never fires; the loop drops it from its heap lazily.
 */
public interface TimerHandle extends Handle {
    /**
     * The deadline, in nanoseconds on the loop's clock ({@link EventLoop#time()}). asyncio:
     * {@code TimerHandle.when()}.
     *
     * @return the deadline in nanoseconds
     */
    long when();
}
