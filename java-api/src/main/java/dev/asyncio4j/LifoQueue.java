package dev.asyncio4j;

/**
 * A last-in, first-out queue: the most recently added item comes out first. asyncio:
 * {@code asyncio.LifoQueue}. Everything else (bound, hand-off, cancellation, {@code join}/
 * {@code taskDone}, shutdown, thread-safety) is {@link Queue}'s. An item given back by a get
 * cancelled after its hand-off goes below every item put after it, where it would be had it never
 * been handed over. O(1) per operation.
 *
 * @param <E> the items
 */
public class LifoQueue<E> extends Queue<E> {

    /** An unbounded LIFO queue. asyncio: {@code asyncio.LifoQueue()}. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A LIFO queue holding at most {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     * asyncio: {@code asyncio.LifoQueue(maxsize)}.
     *
     * @param maxsize the most items the queue holds; {@code <= 0}: unbounded
     */
    public LifoQueue(int maxsize) {
        super(maxsize, new ItemStore.Sequential<>(false));
    }
}
