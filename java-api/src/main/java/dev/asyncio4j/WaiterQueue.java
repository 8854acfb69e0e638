package dev.asyncio4j;

/**
 * A FIFO of pending {@link Waiter}s: an intrusive doubly-linked list, so enqueue, dequeue and the
 * removal of a cancelled waiter are all O(1) with no scan and no allocation. A waiter does not
 * point back to its queue: its primitive knows which queue holds it ({@link Synchronizer#queueOf}).
 * Not thread-safe: guarded by its primitive's mutex.
 */
final class WaiterQueue {
    private Waiter<?> head, tail;
    private int size;

    /** Appends a pending waiter (through {@link Waiter#enqueueOn}, which also sets its primitive). */
    void add(Waiter<?> w) {
        w.prev = tail;
        if (tail == null) head = w;
        else tail.next = w;
        tail = w;
        size++;
    }

    /** Removes and returns the first waiter, or null. */
    @SuppressWarnings("unchecked")
    <T> Waiter<T> poll() {
        Waiter<?> w = head;
        if (w != null) remove(w);
        return (Waiter<T>) w;
    }

    @SuppressWarnings("unchecked")
    <T> Waiter<T> peek() {
        return (Waiter<T>) head;
    }

    void remove(Waiter<?> w) {
        Waiter<?> p = w.prev, n = w.next;
        if (p == null) head = n;
        else p.next = n;
        if (n == null) tail = p;
        else n.prev = p;
        w.prev = w.next = null;
        size--;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
