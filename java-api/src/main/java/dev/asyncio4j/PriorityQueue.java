package dev.asyncio4j;

import java.util.Comparator;

/**
 * A queue whose smallest item comes out first, by natural order or by a {@link Comparator}.
 * asyncio: {@code asyncio.PriorityQueue}. Equal items come out in the order they entered the
 * queue, so the order is deterministic (stronger than asyncio, where it is undefined). An item
 * given back by a get cancelled after its hand-off goes back by its priority, ahead of the equal
 * items that entered after it. Everything else (bound, hand-off, cancellation, {@code join}/
 * {@code taskDone}, shutdown, thread-safety) is {@link Queue}'s. O(log n) per operation.
 *
 * <p>With natural ordering, an item that is not {@link Comparable} is rejected with
 * {@link ClassCastException} (through the future, for {@code putAsync}) before anything changes.
 *
 * @param <E> the items
 */
public class PriorityQueue<E> extends Queue<E> {

    /** An unbounded priority queue in natural order. asyncio: {@code asyncio.PriorityQueue()}. */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A priority queue in natural order holding at most {@code maxsize} items; unbounded if
     * {@code maxsize <= 0}.
     *
     * @param maxsize the most items the queue holds; {@code <= 0}: unbounded
     */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * A priority queue ordered by {@code comparator} (null: natural order) holding at most
     * {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     *
     * @param maxsize the most items the queue holds; {@code <= 0}: unbounded
     * @param comparator the order, smallest first; null: natural order
     */
    public PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize, new ItemStore.Priority<>(comparator));
    }
}
