package dev.asyncio4j;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * Where a {@link Queue} keeps its items: the only thing in which Queue, {@link LifoQueue} and
 * {@link PriorityQueue} differ. Not thread-safe: guarded by the queue's mutex.
 *
 * <p>Every item that enters a queue gets the next sequence number ({@code seq}). An item handed to
 * a getter that was cancelled before it resumed comes back through {@link #giveBack} with its
 * original number, and goes where it would be had it never been handed over.
 *
 * <p>Why that is cheap for the FIFO and LIFO orders: a getter is pending only while the queue is
 * empty, so when an item is handed over nothing older than it is stored; everything stored later
 * is younger, except other items given back. So the items given back are always older than every
 * other stored item, and form a small region of their own at the old end (the front of a FIFO,
 * the bottom of a LIFO), sorted by sequence number. Its size is bounded by the number of grants
 * cancelled at about the same time.
 */
abstract class ItemStore<E> {

    /** Rejects an item this order cannot hold, before the queue changes anything. Default: none. */
    void check(E item) {
    }

    /** Stores a new item; {@code seq} is larger than that of every item stored before. */
    abstract void add(E item, long seq);

    /** Stores an item that was handed to a getter and came back, where it would be had it stayed. */
    abstract void giveBack(E item, long seq);

    /** Removes and returns the next item in this order, or null if empty. */
    abstract E poll();

    abstract int size();

    abstract void clear();

    /** FIFO ({@code fifo}) or LIFO: a deque, oldest first, plus the items given back. O(1) per item, O(log k) to give back. */
    static final class Sequential<E> extends ItemStore<E> {
        private final boolean fifo;
        private final ArrayDeque<E> items = new ArrayDeque<>();
        /** Items given back, by sequence number; all older than every item in {@link #items}. */
        private TreeMap<Long, E> returned;

        Sequential(boolean fifo) {
            this.fifo = fifo;
        }

        @Override
        void add(E item, long seq) {
            items.addLast(item);
        }

        @Override
        void giveBack(E item, long seq) {
            if (returned == null) returned = new TreeMap<>();
            returned.put(seq, item);
        }

        @Override
        E poll() {
            boolean anyReturned = returned != null && !returned.isEmpty();
            if (fifo) return anyReturned ? returned.pollFirstEntry().getValue() : items.pollFirst();
            E newest = items.pollLast();
            return newest != null || !anyReturned ? newest : returned.pollLastEntry().getValue();
        }

        @Override
        int size() {
            return items.size() + (returned == null ? 0 : returned.size());
        }

        @Override
        void clear() {
            items.clear();
            returned = null;
        }
    }

    /** Smallest first, equal items by sequence number (insertion order): a binary heap, O(log n). */
    static final class Priority<E> extends ItemStore<E> {
        private record Entry<E>(E item, long seq) {
        }

        private final Comparator<? super E> order;
        private final java.util.PriorityQueue<Entry<E>> heap;

        /** @param order the items' order; null: their natural order */
        @SuppressWarnings("unchecked")
        Priority(Comparator<? super E> order) {
            this.order = order;
            Comparator<? super E> byItem = order != null ? order : (a, b) -> ((Comparable<? super E>) a).compareTo(b);
            this.heap = new java.util.PriorityQueue<>(
                    Comparator.<Entry<E>, E>comparing(Entry::item, byItem).thenComparingLong(Entry::seq));
        }

        @Override
        void check(E item) {
            if (order == null && !(item instanceof Comparable)) {
                throw new ClassCastException(item.getClass().getName() + " is not Comparable and no Comparator was given");
            }
        }

        @Override
        void add(E item, long seq) {
            heap.add(new Entry<>(item, seq));
        }

        @Override
        void giveBack(E item, long seq) {
            heap.add(new Entry<>(item, seq));
        }

        @Override
        E poll() {
            Entry<E> first = heap.poll();
            return first == null ? null : first.item();
        }

        @Override
        int size() {
            return heap.size();
        }

        @Override
        void clear() {
            heap.clear();
        }
    }
}
