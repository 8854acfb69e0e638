package dev.asyncio4j;

/** A callback scheduled for a deadline on an {@link EventLoop}. asyncio: {@code asyncio.TimerHandle}. */
public interface TimerHandle extends Handle {
    /** The deadline, in nanoseconds on the loop's clock ({@link EventLoop#time()}). asyncio: {@code TimerHandle.when()}. */
    long when();
}
