package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * A FIFO queue that code can use without knowing where it lives: in this JVM ({@link Queue} and
 * its subclasses) or shared by several processes (the Redis module's queue). asyncio: the
 * interface of {@code asyncio.Queue}.
 *
 * @param <E> the item type
 */
public interface AsyncQueue<E> {

    /**
     * Puts an item, waiting for a free slot if the queue is full. asyncio: {@code await q.put(item)}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Queue#putAsync(Object)} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param item the item
     * @return a future that completes once the item is in the queue
     */
    CompletableFuture<Void> putAsync(E item);

    /**
     * Takes the first item, waiting for one if the queue is empty. asyncio: {@code await q.get()}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Queue#getAsync()} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future of the item; cancelling it never loses an item
     */
    CompletableFuture<E> getAsync();

    /**
     * Puts an item without waiting. asyncio: {@code q.put_nowait(item)}.
     *
     * @param item the item
     * @throws QueueFullException if the queue is full
     */
    void putNowait(E item);

    /**
     * Takes the first item without waiting. asyncio: {@code q.get_nowait()}.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     */
    E getNowait();

    /**
     * The number of items in the queue. asyncio: {@code q.qsize()}.
     *
     * @return the item count
     */
    int qsize();

    /**
     * The capacity. asyncio: {@code q.maxsize}.
     *
     * @return the most items the queue holds; 0 or less: unbounded
     */
    int maxsize();

    /**
     * Tells whether the queue has no items. asyncio: {@code q.empty()}.
     *
     * @return true when {@link #qsize()} is 0
     */
    boolean empty();

    /**
     * Tells whether the queue is at its capacity. asyncio: {@code q.full()}; an unbounded queue is
     * never full.
     *
     * @return true when a put would wait
     */
    boolean full();
}
