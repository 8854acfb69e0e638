package dev.asyncio4j;

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired. asyncio:
 * {@code asyncio.BoundedSemaphore}.
 *
 * <pre>{@code
 * BoundedSemaphore slots = new BoundedSemaphore(4);
 * slots.release();   // IllegalStateException: nothing was acquired
 * }</pre>
 *
 * Everything else is the Semaphore's: FIFO, no barging, hand-off, cancellation, thread-safety.
 * {@link #release()} checks before adding a permit: free permits already at the initial value
 * means an over-release. A permit handed to a waiter that has not resumed counts as taken.
 */
public final class BoundedSemaphore extends Semaphore {

    /** A bounded semaphore with one permit. asyncio: {@code asyncio.BoundedSemaphore()}. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also the most it can hold. asyncio:
     * {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param value the initial and largest number of free permits
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public BoundedSemaphore(int value) {
        super(value, value);
    }

    /**
     * As {@link Semaphore#release()}. asyncio: {@code bsem.release()}.
     *
     * @throws IllegalStateException if the free permits are already at the initial value (asyncio:
     *     {@code ValueError})
     */
    @Override
    public void release() {
        super.release();
    }
}
