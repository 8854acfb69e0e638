package dev.asyncio4j;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/*
 * The queue's state machine, under the queue's monitor:
 *
 *   phase:  OPEN --shutdown()--> SHUT_DOWN --shutdown(true)--> DRAINED   (OPEN --shutdown(true)--> DRAINED)
 *   items (qsize), reserved (slots granted to putters whose items have not entered), unfinished,
 *   and three FIFO waiter queues: getters, putters, joiners.
 *
 *   Invariants (invariant(), asserted at the end of each critical section that changes the state):
 *     getters pending  => no items, OPEN          (an item entering or coming back goes to a getter first;
 *                                                  a shutdown fails them all, and no getter queues after it)
 *     putters pending  => full(), OPEN            (full() counts the reserved slots; a freed slot goes to
 *                                                  a putter at once; a shutdown fails them all)
 *     joiners pending  => unfinished > 0
 *     0 <= reserved <= max(maxsize, 0);  DRAINED => no items
 *   (A getter and a putter can be pending at once: no items, every slot reserved to granted puts.)
 *
 *   an item enters      (put with room or a getter waiting; a granted put completing)
 *                       -> the first pending getter is granted it, or it is stored; unfinished + 1
 *   an item leaves      (get)  -> the first pending putter is granted a reserved slot (reserved + 1);
 *                                 a Java put made off any loop is resumed in place and accepted now
 *   a granted put accepted     -> reserved - 1, its item enters (the one place a waiting put's item does:
 *                                 a Java put as it resumes or in place, another strategy's when it accepts)
 *   granted getter cancelled   -> its item goes to the next pending getter, or back where it would be
 *                                 (DRAINED: discarded and counted done)
 *   granted putter cancelled   -> reserved - 1, the slot goes to the next pending putter
 *   taskDone()          -> unfinished - 1; at 0 every joiner is granted
 *   shutdown(immediate) -> pending getters and putters fail; immediate: items discarded, counted done
 */

/**
 * A first-in, first-out queue for producer and consumer tasks and threads, with
 * {@code join}/{@code taskDone} accounting and shutdown. asyncio: {@code asyncio.Queue}.
 *
 * <pre>{@code
 * Queue<Job> jobs = new Queue<>(100);
 * // producer
 * jobs.putAsync(job).thenRun(...);                   // waits while 100 items are queued
 * // consumer
 * jobs.getAsync().thenAccept(job -> { handle(job); jobs.taskDone(); });
 * // coordinator
 * jobs.joinAsync().thenRun(() -> jobs.shutdown());  // every item put has been handled
 * }</pre>
 *
 * <h2>Bound, order, accounting</h2>
 * A queue made with {@code maxsize <= 0} is unbounded. {@link LifoQueue} and {@link PriorityQueue}
 * differ only in the order in which items come out. Each item put raises the unfinished count by
 * one; {@link #taskDone()} lowers it, and {@link #joinAsync()} waits until it is zero. Null items
 * are rejected with {@link NullPointerException} (a {@code null} from a get would be ambiguous).
 *
 * <h2>Fairness and hand-off</h2>
 * Getters are served FIFO, and so are putters. An item put while a getter waits is handed straight
 * to the first waiting getter: it is that getter's from then on, though the getter resumes later,
 * so {@link #qsize()} does not count it and no newcomer's {@link #getNowait()} can take it. A get
 * that frees a slot while putters wait grants the first putter a <em>reserved slot</em>: the slot
 * counts toward {@link #full()}, so no newcomer takes it, and the putter's item enters the queue
 * when its future completes normally: for a put made on a loop, when it resumes there; for a put
 * made off any loop, which completes on the thread that frees the slot, at once, atomically with
 * that get (its {@code cancel()} then returns false).
 * asyncio differs: its woken getter or putter only retries when it resumes, so meanwhile a newcomer
 * may take the item or the slot, and the woken one queues again at the tail.
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending get, put or join withdraws it, and nothing else changes. A get cancelled
 * after its item was handed over gives the item to the next waiting getter or, with none, puts it
 * back where it would be had it never been handed over (in this FIFO queue: ahead of every item
 * put after it); the unfinished count does not change. Since the item did not wait in the queue
 * meanwhile, {@link #qsize()} may then exceed {@code maxsize} for a while (putters wait until it is
 * below again). A put cancelled after its slot was granted passes the slot to the next putter, and
 * its item never enters: a put whose future reports cancellation did not deliver its item, and one
 * that completed normally did. {@code cancel()} returning true means the caller holds nothing.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown(boolean)} (asyncio 3.13's {@code shutdown}) makes every later put fail with
 * {@link QueueShutDownException}, and every get once the queue is empty. Pending getters and
 * putters fail at once. Grants stand: a getter already handed an item gets it, a putter already
 * granted a slot completes normally. An immediate shutdown also discards the queued items (and the
 * items of granted puts when they arrive), counting each as done.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once. A future made on a loop
 * thread completes on that loop, on a later iteration; one made elsewhere completes on the thread
 * that frees it. Memory consistency: actions before a put happen-before the actions after the get
 * that receives its item. Thread code (platform or virtual threads) may also block, with {@code
 * java.util.concurrent.BlockingQueue}'s names: {@link #putInterruptibly} (its {@code put}), {@link
 * #take()}, and with a timeout {@link #offer(Object, long, TimeUnit)} and {@link #poll(long,
 * TimeUnit)}. They wait on the calling thread, interruptibly, in the same FIFOs; timed out or
 * interrupted, the caller holds nothing (an item handed over meanwhile goes to the next getter or
 * back, a slot to the next putter). They are refused with {@code IllegalStateException} on a loop
 * thread, where blocking would stop the loop.
 *
 * @param <E> the items
 */
public class Queue<E> extends Synchronizer implements AsyncQueue<E> {

    private static final int OPEN = 0, SHUT_DOWN = 1, DRAINED = 2;
    private static final String[] PHASE_NAMES = {"open", "shut down", "shut down immediately"};
    /** What each of the queue's waiters is ({@link Waiter#role}), which also says which queue holds it. */
    private sealed interface Request extends Waiter.Role permits Get, Handed, Put, Join {
    }

    /** A pending get. */
    private record Get() implements Request {
    }

    /** A get handed an item: the item's sequence number, so that an item given back goes where it would be. */
    private record Handed(long seq) implements Request {
    }

    /** A pending or granted put, with its item until the item enters (or the slot is passed on). */
    private record Put(Object item) implements Request {
    }

    /** A pending join. */
    private record Join() implements Request {
    }

    private static final Get GET = new Get();
    private static final Join JOIN = new Join();

    private final int maxsize;
    private final ItemStore<E> items;
    private final WaiterQueue getters = new WaiterQueue(), putters = new WaiterQueue(), joiners = new WaiterQueue();
    private int phase = OPEN;
    private int reserved;
    private long unfinished;
    /** Sequence number of the next item to enter. */
    private long entered;

    /** An unbounded FIFO queue. asyncio: {@code asyncio.Queue()}. */
    public Queue() {
        this(0);
    }

    /**
     * A FIFO queue holding at most {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     * asyncio: {@code asyncio.Queue(maxsize)}.
     *
     * @param maxsize the most items the queue holds; {@code <= 0}: unbounded
     */
    public Queue(int maxsize) {
        this(maxsize, new ItemStore.Sequential<>(true));
    }

    /** A queue whose items are kept, and come out, in {@code items}' order. */
    Queue(int maxsize, ItemStore<E> items) {
        this.maxsize = maxsize;
        this.items = items;
    }

    // ------------------------------------------------------------------------------------------
    // Putting

    /**
     * Puts an item, waiting for a free slot if the queue is full. asyncio: {@code await queue.put(item)}.
     * A getter is waiting → the item is handed to the first one; room → it is queued; either way
     * the returned future is already complete. Full → the put queues (FIFO) and completes once a
     * slot was reserved for it and it resumed; its item enters the queue at that moment.
     * Cancelling it while it waits withdraws it; after the slot was reserved, the slot passes to
     * the next putter and the item is never delivered.
     *
     * <p>Threads: dependent stages run at once on the calling thread if the queue has room;
     * otherwise on the calling loop's thread, or, for a call made on another thread, on the thread
     * that takes an item out and so makes room. Move them with {@code thenApplyAsync(fn, executor)}
     * (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @param item the item to put; not null
     * @return a future that fails with {@link QueueShutDownException} if the queue is (or, while
     *     the put waits, becomes) shut down, or with {@link NullPointerException} for a null item
     */
    public CompletableFuture<Void> putAsync(E item) {
        try {
            if (offerOrEnqueue(item, null)) return CompletableFuture.completedFuture(null);
        } catch (RuntimeException misuse) {
            return CompletableFuture.failedFuture(misuse);
        }
        return waitFor(w -> offerOrEnqueue(item, w) ? null : WAIT);
    }

    /**
     * Puts an item without waiting. asyncio: {@code queue.put_nowait(item)}. Checked in this order:
     * shut down → {@link QueueShutDownException}; a getter is waiting → the item is handed to the
     * first one; full → {@link QueueFullException}; otherwise the item is queued.
     *
     * @param item the item to put; not null
     * @throws NullPointerException if {@code item} is null
     * @throws QueueShutDownException if the queue is shut down
     * @throws QueueFullException if the queue is full and no getter waits
     */
    public void putNowait(E item) {
        if (!offerOrEnqueue(item, null)) throw new QueueFullException();
    }

    /**
     * Puts an item, blocking the calling thread while the queue is full, at most {@code timeout}.
     * asyncio: none (a thread's {@code asyncio.wait_for(queue.put(item), timeout)}); j.u.c.:
     * {@code BlockingQueue.offer(e, timeout, unit)}. Queues FIFO with every other put. Ends when
     * the item is put (true), when the timeout elapses (false), when the thread is interrupted
     * ({@link InterruptedException}, also if interrupted on entry), or when the queue is or
     * becomes shut down ({@link QueueShutDownException}). Returning false or throwing, the item
     * was not put: a slot reserved for it that raced the timeout or the interrupt passes on to the
     * next putter, as for a cancelled put.
     *
     * <p>For threads only (platform or virtual), never a loop thread, where blocking would stop
     * the loop; there, use {@link #putAsync}.
     *
     * @param item the item to put; not null
     * @param timeout how long to wait at most; zero or less: do not wait
     * @param unit the unit of {@code timeout}
     * @return true if the item was put
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     * @throws NullPointerException if {@code item} is null
     * @throws QueueShutDownException if the queue is or becomes shut down
     */
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "offer");
        return offerOrEnqueue(item, w) || w.await(timeout, unit);
    }

    /**
     * Puts an item, blocking the calling thread while the queue is full. asyncio: none (a
     * thread's {@code queue.put(item)}); j.u.c.: {@code BlockingQueue.put(e)}. As {@link
     * #offer(Object, long, TimeUnit)} without a timeout. For threads only, never a loop thread.
     * Not named {@code put}: in Kotlin a member wins over the bridge's suspend extension {@code
     * put}, which would then block a coroutine's thread.
     *
     * @param item the item to put; not null
     * @throws InterruptedException if the thread is interrupted while waiting (the item was not put)
     * @throws IllegalStateException on a loop thread
     * @throws NullPointerException if {@code item} is null
     * @throws QueueShutDownException if the queue is or becomes shut down
     */
    public void putInterruptibly(E item) throws InterruptedException {
        ThreadWaiter<Void> w = ThreadWaiter.begin(this, "putInterruptibly");
        if (!offerOrEnqueue(item, w)) w.await();
    }

    /**
     * The put logic ({@link WaiterSpi}'s too): done at once (true), or {@code waiter} queued as a
     * putter (false; a null waiter only tries). Throws on misuse and shutdown.
     */
    boolean offerOrEnqueue(E item, Waiter<Void> waiter) {
        Objects.requireNonNull(item, "item");
        items.check(item);
        Waiter<?> granted;
        synchronized (this) {
            if (phase != OPEN) throw new QueueShutDownException();
            if (getters.isEmpty() && full()) {
                if (waiter != null) {
                    waiter.role = new Put(item);
                    enqueue(putters, waiter);
                    assert invariant() : this;
                }
                return false;
            }
            granted = enter(item, null);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
        return true;
    }

    /**
     * A granted put was accepted: its reserved slot is used and its item enters, the one place a
     * waiting put's item does (after an immediate shutdown it is discarded, counted as done at
     * once). Under the mutex; the caller then grants the next putters.
     */
    @SuppressWarnings("unchecked")
    private Waiter<?> putAccepted(Waiter<?> putter, Waiter<?> chain) {
        Put put = (Put) putter.role;
        putter.role = null; // the slot is used: nothing left to pass on
        reserved--;
        return phase == DRAINED ? chain : enter((E) put.item(), chain);
    }

    /** A new item enters: handed to the first pending getter, or stored. Under the mutex. */
    private Waiter<?> enter(E item, Waiter<?> chain) {
        chain = place(item, entered++, false, chain);
        unfinished++;
        return chain;
    }

    /** An entering or returning item goes to the first pending getter, or into the store. Under the mutex. */
    private Waiter<?> place(E item, long seq, boolean returning, Waiter<?> chain) {
        Waiter<E> getter = getters.poll();
        if (getter != null) {
            getter.role = new Handed(seq);
            return getter.grant(item, chain);
        }
        if (returning) items.giveBack(item, seq);
        else items.add(item, seq);
        return chain;
    }

    /**
     * Grants reserved slots to pending putters while there is room. Under the mutex. A Java put
     * made off any loop resumes on this thread right after the mutex, so it is resumed and
     * accepted in place and its item enters now: no other thread sees the slot reserved but the
     * item missing.
     */
    private Waiter<?> grantPutters(Waiter<?> chain) {
        while (!putters.isEmpty() && !full()) {
            Waiter<Void> putter = putters.poll();
            chain = putter.grant(null, chain);
            reserved++;
            if (putter.resumeAndAcceptInPlace()) chain = putAccepted(putter, chain);
        }
        return chain;
    }

    // ------------------------------------------------------------------------------------------
    // Getting

    /**
     * Removes and returns an item, waiting for one if the queue is empty. asyncio:
     * {@code await queue.get()}. Not empty → the next item, in a complete future (the freed slot
     * goes to the first waiting putter). Empty → the get queues (FIFO) and a later put hands it its
     * item. Cancelling it while it waits withdraws it; after an item was handed to it, the item
     * goes to the next getter or back into the queue (see the class doc).
     *
     * <p>Threads: dependent stages run at once on the calling thread if an item is queued;
     * otherwise on the calling loop's thread, or, for a call made on another thread, on the thread
     * that puts an item. Move them with {@code thenApplyAsync(fn, executor)} (<a
     * href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that fails with {@link QueueShutDownException} if the queue is shut down
     *     and empty, or shuts down while the get waits
     */
    public CompletableFuture<E> getAsync() {
        E item;
        try {
            item = pollOrEnqueue(null);
        } catch (QueueShutDownException shutDown) {
            return CompletableFuture.failedFuture(shutDown);
        }
        return item != null ? CompletableFuture.completedFuture(item) : waitFor(w -> {
            E got = pollOrEnqueue(w);
            return got != null ? got : WAIT;
        });
    }

    /**
     * Removes and returns the next item without waiting. asyncio: {@code queue.get_nowait()}. The
     * freed slot goes to the first waiting putter. Never changes the unfinished count.
     *
     * @return the next item
     * @throws QueueShutDownException if the queue is empty and shut down
     * @throws QueueEmptyException if the queue is empty
     */
    public E getNowait() {
        E item = pollOrEnqueue(null);
        if (item == null) throw new QueueEmptyException();
        return item;
    }

    /**
     * Removes and returns the next item, blocking the calling thread while the queue is empty, at
     * most {@code timeout}. asyncio: none (a thread's {@code asyncio.wait_for(queue.get(),
     * timeout)}); j.u.c.: {@code BlockingQueue.poll(timeout, unit)}. Queues FIFO with every other
     * get. Ends with an item, with null when the timeout elapses, with {@link
     * InterruptedException} when the thread is interrupted (also if interrupted on entry), or with
     * {@link QueueShutDownException} when the queue is, or becomes, shut down and empty. Returning
     * null or throwing, the caller holds no item: an item handed over that raced the timeout or
     * the interrupt goes to the next getter or back where it was, as for a cancelled get.
     *
     * <p>For threads only (platform or virtual), never a loop thread, where blocking would stop
     * the loop; there, use {@link #getAsync()}.
     *
     * @param timeout how long to wait at most; zero or less: do not wait
     * @param unit the unit of {@code timeout}
     * @return the next item, or null if the timeout elapsed
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException on a loop thread
     * @throws QueueShutDownException if the queue is, or becomes, shut down and empty
     */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        ThreadWaiter<E> w = ThreadWaiter.begin(this, "poll");
        E item = pollOrEnqueue(w);
        if (item != null) return item;
        return w.await(timeout, unit) ? w.value() : null;
    }

    /**
     * Removes and returns the next item, blocking the calling thread while the queue is empty.
     * asyncio: none (a thread's {@code queue.get()}); j.u.c.: {@code BlockingQueue.take()}. As
     * {@link #poll(long, TimeUnit)} without a timeout. For threads only, never a loop thread.
     *
     * @return the next item
     * @throws InterruptedException if the thread is interrupted while waiting (no item taken)
     * @throws IllegalStateException on a loop thread
     * @throws QueueShutDownException if the queue is, or becomes, shut down and empty
     */
    public E take() throws InterruptedException {
        ThreadWaiter<E> w = ThreadWaiter.begin(this, "take");
        E item = pollOrEnqueue(w);
        if (item != null) return item;
        w.await();
        return w.value();
    }

    /**
     * How many gets wait (not counting one handed an item). asyncio: {@code len(queue._getters)}.
     *
     * @return the number of pending gets
     */
    public int getterCount() {
        return waiterCount(getters);
    }

    /**
     * How many puts wait (not counting one granted a slot). asyncio: {@code len(queue._putters)}.
     *
     * @return the number of pending puts
     */
    public int putterCount() {
        return waiterCount(putters);
    }

    /**
     * How many joins wait (not counting one already granted). asyncio: {@code
     * len(queue._finished._waiters)}, the waiters of the event that {@code join()} awaits.
     *
     * @return the number of pending {@link #joinAsync()} calls
     */
    public int joinerCount() {
        return waiterCount(joiners);
    }

    /**
     * The get logic ({@link WaiterSpi}'s too): the next item, or null after enqueueing
     * {@code waiter} as a getter (a null waiter only tries). Throws if empty and shut down.
     */
    E pollOrEnqueue(Waiter<E> waiter) {
        E item;
        Waiter<?> granted;
        synchronized (this) {
            item = items.poll();
            if (item == null) {
                if (phase != OPEN) throw new QueueShutDownException();
                if (waiter != null) {
                    waiter.role = GET;
                    enqueue(getters, waiter);
                    assert invariant() : this;
                }
                return null;
            }
            granted = grantPutters(null);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
        return item;
    }

    // ------------------------------------------------------------------------------------------
    // taskDone and join

    /**
     * Marks one item as handled. asyncio: {@code queue.task_done()}. Lowers the unfinished count;
     * at zero, every waiting {@link #joinAsync()} completes. A consumer calls it once per item it got.
     *
     * @throws IllegalStateException if the unfinished count is already zero (called more times than items were put)
     */
    public void taskDone() {
        Waiter<?> granted;
        synchronized (this) {
            if (unfinished == 0) throw new IllegalStateException("taskDone() called more times than there were items");
            granted = finished(1);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    /**
     * Waits until every item put has been handled ({@link #taskDone()}). asyncio:
     * {@code await queue.join()}. Complete at once if the unfinished count is zero. Never fails with
     * {@link QueueShutDownException}; cancelling it only withdraws it.
     *
     * <p>Threads: dependent stages run at once on the calling thread if no item is unfinished;
     * otherwise on the calling loop's thread, or, for a call made on another thread, on the thread
     * that calls the last {@code taskDone()}. Move them with {@code thenApplyAsync(fn, executor)}
     * (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future that completes once the unfinished count is zero
     */
    public CompletableFuture<Void> joinAsync() {
        return joinOrEnqueue(null) ? CompletableFuture.completedFuture(null) : waitFor(w -> joinOrEnqueue(w) ? null : WAIT);
    }

    /**
     * The join logic ({@link WaiterSpi}'s too): true if nothing is unfinished, else false after
     * enqueueing {@code waiter} as a joiner (a null waiter only checks).
     */
    boolean joinOrEnqueue(Waiter<Void> waiter) {
        synchronized (this) {
            if (unfinished == 0) return true;
            if (waiter != null) {
                waiter.role = JOIN;
                enqueue(joiners, waiter);
                assert invariant() : this;
            }
            return false;
        }
    }

    /** {@code n} items are done (never below zero); at zero every joiner is granted. Under the mutex. */
    private Waiter<?> finished(long n) {
        unfinished = Math.max(0, unfinished - n);
        Waiter<?> chain = null;
        if (unfinished == 0) {
            for (Waiter<Void> joiner; (joiner = joiners.poll()) != null; ) chain = joiner.grant(null, chain);
        }
        return chain;
    }

    // ------------------------------------------------------------------------------------------
    // Shutdown

    /** {@code shutdown(false)}. asyncio: {@code queue.shutdown()}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down. asyncio: {@code queue.shutdown(immediate)} (3.13). Idempotent; a later
     * {@code shutdown(true)} still drains. From then on every put fails with
     * {@link QueueShutDownException}, even with room, and so does every get once the queue is
     * empty. Every pending getter and putter fails with it now. Grants stand: a getter already
     * handed an item still gets it, and a putter already granted a slot still completes normally.
     * {@code immediate}: every queued item is discarded and counted as done (the unfinished count
     * never goes below zero; at zero, joiners complete), and so is the item of a granted put when
     * it arrives. {@link #taskDone()} and {@link #joinAsync()} are otherwise unchanged. asyncio
     * differs: its woken putters always fail, and its woken getters fail if an immediate shutdown
     * emptied the queue.
     *
     * @param immediate true: also discard the queued items, counting each as done
     */
    public void shutdown(boolean immediate) {
        Waiter<?> granted = null;
        synchronized (this) {
            if (phase == OPEN) phase = SHUT_DOWN;
            if (immediate && phase != DRAINED) {
                phase = DRAINED;
                int discarded = items.size();
                items.clear();
                granted = finished(discarded);
            }
            granted = failAll(getters, granted);
            granted = failAll(putters, granted);
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    private static Waiter<?> failAll(WaiterQueue waiters, Waiter<?> chain) {
        for (Waiter<?> w; (w = waiters.poll()) != null; ) chain = w.fail(new QueueShutDownException(), chain);
        return chain;
    }

    // ------------------------------------------------------------------------------------------
    // State

    /**
     * The number of items in the queue; items handed to getters are not counted. asyncio:
     * {@code queue.qsize()}.
     *
     * @return the number of queued items
     */
    public synchronized int qsize() {
        return items.size();
    }

    /**
     * The bound given to the constructor, unchanged ({@code <= 0}: unbounded). asyncio:
     * {@code queue.maxsize}.
     *
     * @return the bound; {@code <= 0}: unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * True if the queue holds no item. asyncio: {@code queue.empty()}.
     *
     * @return true if no item is queued
     */
    public synchronized boolean empty() {
        return items.size() == 0;
    }

    /**
     * True if bounded and the items plus the slots reserved for granted puts reach {@code maxsize}.
     * asyncio: {@code queue.full()}.
     *
     * @return true if a put would wait
     */
    public synchronized boolean full() {
        return maxsize > 0 && items.size() + reserved >= maxsize;
    }

    @Override
    public synchronized String toString() {
        StringBuilder s = new StringBuilder(getClass().getSimpleName()).append('[').append(PHASE_NAMES[phase]);
        s.append(", maxsize:").append(maxsize).append(", qsize:").append(items.size());
        if (reserved > 0) s.append(", reserved:").append(reserved);
        if (!getters.isEmpty()) s.append(", getters:").append(getters.size());
        if (!putters.isEmpty()) s.append(", putters:").append(putters.size());
        if (!joiners.isEmpty()) s.append(", joiners:").append(joiners.size());
        if (unfinished > 0) s.append(", unfinished:").append(unfinished);
        return s.append(']').toString();
    }

    // ------------------------------------------------------------------------------------------
    // Waiter core hooks

    /** Under the mutex: the invariants of the state machine at the top of this file. */
    @Override
    boolean invariant() {
        int n = items.size();
        return reserved >= 0 && reserved <= Math.max(maxsize, 0) && unfinished >= 0
                && (getters.isEmpty() || (n == 0 && phase == OPEN))
                && (putters.isEmpty() || (full() && phase == OPEN))
                && (joiners.isEmpty() || unfinished > 0)
                && (phase != DRAINED || n == 0);
    }

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        if (w.role instanceof Put) return putters;
        return w.role == JOIN ? joiners : getters;
    }

    /** A put's grant was accepted (a Java put as it resumes, another strategy's when it says so): its item enters. Outside the mutex. */
    @Override
    void accepted(Waiter<?> w) {
        if (!(w.role instanceof Put)) return; // a get or a join: applied when granted
        Waiter<?> granted;
        synchronized (this) {
            granted = grantPutters(putAccepted(w, null));
            assert invariant() : this;
        }
        Waiter.dispatch(granted);
    }

    /** A granted waiter will not take its grant (cancelled before resuming, or given back): pass it on. Under the mutex. */
    @Override
    @SuppressWarnings("unchecked")
    Waiter<?> grantCancelled(Waiter<?> w) {
        Waiter.Role role = w.role;
        w.role = null; // a grant is passed on at most once
        if (role instanceof Put) {
            reserved--;
            return grantPutters(null);
        }
        if (role instanceof Handed handed) {
            if (phase == DRAINED) return finished(1); // discarded, counted as done
            return place((E) w.value, handed.seq(), true, null);
        }
        return null; // a join: nothing to pass on
    }

    // ------------------------------------------------------------------------------------------
    // The Java futures

    /** What an attempt returns when its waiter was enqueued. */
    private static final Object WAIT = new Object();

    /**
     * The slow path of an {@code xxxAsync} method: {@code attempt} with a new future's waiter
     * returns the result at once, or {@link #WAIT} after enqueueing it; what it throws fails the future.
     */
    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> waitFor(Function<Waiter<T>, Object> attempt) {
        WaiterFuture<T> future = new WaiterFuture<>();
        try {
            Object result = attempt.apply(future.waiter);
            if (result != WAIT) future.completeInternal((T) result);
        } catch (RuntimeException shutDownOrMisuse) {
            future.failInternal(shutDownOrMisuse);
        }
        return future;
    }
}
