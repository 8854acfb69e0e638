package dev.asyncio4j;

import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;

/**
 * The one door through which another resumption strategy (the Kotlin bridge's continuations)
 * queues its own {@link Waiter}s on the primitives, next to the Java futures. <b>Not for
 * applications</b>: they use the primitives' own methods; a waiter enqueued here must be resumed,
 * cancelled, and (after a grant) accepted or given back by the strategy that made it.
 *
 * <p>Every method first tries without waiting, exactly as the primitive's {@code xxxAsync} method
 * does (same fast path, same fairness: no barging past queued waiters). If it must wait, it
 * enqueues {@code waiter}, FIFO with the Java futures, and reports that; a null {@code waiter}
 * (where allowed) makes it only try. An enqueued waiter then ends in one of these ways:
 * <ul>
 *   <li>{@link Waiter#resumed resumed(value)}: the grant is the caller's. The strategy then calls
 *       {@link Waiter#accept()} once its code really continues (for a queue put, the item enters
 *       the queue then; until then its slot stays reserved), or {@link Waiter#giveBack()} if it
 *       will not (a continuation cancelled after its resumption): the lock, permit, item or slot
 *       passes on as if the waiter had been cancelled after the grant. Only a queue put needs the
 *       accept (nothing else is applied late); elsewhere a strategy may leave it out.</li>
 *   <li>{@link Waiter#failed failed(error)}: the primitive decided a failure (a shut-down queue, a
 *       broken barrier); nothing to accept.</li>
 *   <li>{@link Waiter#cancel()} (or {@code cancelFromLoop()}) before it resumed: withdrawn, or its
 *       grant passed on.</li>
 * </ul>
 *
 * <p>The same holds for the bytes of a stream read: a read's future completes with the bytes it
 * took from the buffer, and a Java caller holds them from then on; a continuation cancelled before
 * it ran again never sees them, so the strategy gives them back through {@link #unread}, and, as
 * for a cancelled Java read, no byte is lost.
 *
 * <p>asyncio: none (the door of a second way to await the same primitives). Thread-safe, as the
 * primitives are.
 */
public final class WaiterSpi {
    private WaiterSpi() {
    }

    /**
     * {@link Lock#acquireAsync()}: takes the lock if it is free, or enqueues {@code waiter}.
     *
     * @param lock the lock
     * @param waiter the waiter to enqueue if the lock is taken
     * @return true if the lock was taken at once; false if {@code waiter} was enqueued
     */
    public static boolean acquire(Lock lock, Waiter<Void> waiter) {
        return lock.acquireOrEnqueue(waiter);
    }

    /**
     * {@link Semaphore#acquireAsync()}: takes a permit if the semaphore is not locked, or enqueues
     * {@code waiter}.
     *
     * @param semaphore the semaphore (or bounded semaphore)
     * @param waiter the waiter to enqueue if no permit can be taken now
     * @return true if a permit was taken at once; false if {@code waiter} was enqueued
     */
    public static boolean acquire(Semaphore semaphore, Waiter<Void> waiter) {
        return semaphore.acquireOrEnqueue(waiter);
    }

    /**
     * {@link Event#waitAsync()}: true if the event is set, or enqueues {@code waiter}.
     *
     * @param event the event
     * @param waiter the waiter to enqueue if the event is clear
     * @return true if the event is set; false if {@code waiter} was enqueued
     */
    public static boolean waitFor(Event event, Waiter<Void> waiter) {
        return event.waitOrEnqueue(true, waiter);
    }

    /**
     * The mirror of {@link #waitFor}: true if the event is clear, or enqueues {@code waiter}, which
     * the next {@link Event#clear()} grants (FIFO; a grant says the flag was cleared, not that it
     * still is). It counts in {@link Event#waiterCount()}. For the bridge's flow of an event's
     * states; asyncio has no wait for a clear.
     *
     * @param event the event
     * @param waiter the waiter to enqueue if the event is set
     * @return true if the event is clear; false if {@code waiter} was enqueued
     */
    public static boolean waitForClear(Event event, Waiter<Void> waiter) {
        return event.waitOrEnqueue(false, waiter);
    }

    /**
     * The first step of {@link Condition#waitAsync()}: atomically releases the condition's lock and
     * enqueues {@code waiter} in its signal queue; a signal grants it. The caller then re-acquires
     * the lock itself ({@link #acquire(Lock, Waiter)} on {@link #lockOf}), and after a failure
     * signals one other waiter once it holds the lock again (docs/semantics.md §5, §14.2).
     *
     * @param condition the condition, whose lock the caller holds
     * @param waiter the waiter to enqueue in the signal queue
     * @throws IllegalStateException if the lock is not locked
     */
    public static void releaseAndWait(Condition condition, Waiter<Void> waiter) {
        condition.releaseAndEnqueue(waiter);
    }

    /**
     * The lock a condition waits with.
     *
     * @param condition the condition
     * @return its lock
     */
    public static Lock lockOf(Condition condition) {
        return condition.lock();
    }

    /**
     * {@link Barrier#waitAsync()}: arrives at once if it can, returning the index if this caller
     * trips the barrier, or enqueues {@code waiter} (at the gate or as a waiting party), which is
     * later granted its index or failed with {@link BrokenBarrierException}.
     *
     * @param barrier the barrier
     * @param waiter the waiter to enqueue if the caller must wait
     * @return the arrival index, or -1 if {@code waiter} was enqueued
     * @throws BrokenBarrierException if the barrier is broken
     */
    public static int arrive(Barrier barrier, Waiter<Integer> waiter) throws BrokenBarrierException {
        return barrier.waitOrEnqueue(waiter);
    }

    /**
     * {@link Queue#putAsync}: puts {@code item} at once if it can, as {@link Queue#putNowait} does;
     * otherwise (full) enqueues {@code waiter} as a putter. Once resumed, a slot is reserved for it,
     * and its item enters the queue when the strategy {@linkplain Waiter#accept() accepts}.
     *
     * @param queue the queue
     * @param item the item to put; not null
     * @param waiter the waiter to enqueue if the queue is full, or null: only try
     * @param <E> the items
     * @return true if the item was put at once; false if {@code waiter} was enqueued (or is null)
     * @throws NullPointerException if {@code item} is null
     * @throws QueueShutDownException if the queue is shut down
     */
    public static <E> boolean put(Queue<E> queue, E item, Waiter<Void> waiter) {
        return queue.offerOrEnqueue(item, waiter);
    }

    /**
     * {@link Queue#getAsync()}: removes and returns the next item, or (empty) enqueues
     * {@code waiter} as a getter and returns null. An item given back goes to the next getter or
     * back where it would be, as for a get cancelled after its hand-off.
     *
     * @param queue the queue
     * @param waiter the waiter to enqueue if the queue is empty, or null: only try
     * @param <E> the items
     * @return the next item, or null if the queue is empty ({@code waiter} enqueued, unless null)
     * @throws QueueShutDownException if the queue is empty and shut down
     */
    public static <E> E get(Queue<E> queue, Waiter<E> waiter) {
        return queue.pollOrEnqueue(waiter);
    }

    /**
     * {@link Queue#joinAsync()}: true if the unfinished count is zero; otherwise enqueues
     * {@code waiter} as a joiner (it never fails) and returns false.
     *
     * @param queue the queue
     * @param waiter the waiter to enqueue, or null: only check
     * @return true if the unfinished count is zero
     */
    public static boolean join(Queue<?> queue, Waiter<Void> waiter) {
        return queue.joinOrEnqueue(waiter);
    }

    /**
     * Puts {@code data}, which a read of {@code reader} returned, back at the front of its buffer,
     * on the reader's loop (now on its thread, else posted; dropped if the loop is closed). Any thread.
     *
     * @param reader the reader that returned {@code data}
     * @param data the bytes, in the order the read returned them
     */
    public static void unread(StreamReader reader, byte[] data) {
        Objects.requireNonNull(data, "data");
        reader.loop().runOrPost(() -> reader.unread(data));
    }
}
