package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A single-threaded event loop. asyncio: {@code asyncio.AbstractEventLoop} ({@code BaseEventLoop}).
 *
 * <p>One thread runs the loop: the caller's, inside {@link #run}/{@link #runForever}, or a thread of
 * its own after {@link #start()}. Every callback, task step and loop-waiter resumption runs on it.
 *
 * <h2>Iterations</h2>
 * The loop has a FIFO ready queue and a timer heap (by deadline, ties in scheduling order). One
 * iteration:
 * <ol>
 *   <li>with nothing ready, sleeps until the next deadline or a wake-up from another thread; a
 *       {@linkplain #withVirtualClock() virtual clock} jumps to that deadline instead;</li>
 *   <li>once a channel was registered ({@link #addReader}, {@link #addWriter}), it sleeps in its
 *       selector's {@code select} instead of parking, and polls the selector on every iteration:
 *       the callbacks of ready channels join the ready queue. A loop that never registers a
 *       channel never opens a selector;</li>
 *   <li>moves every due timer to the tail of the ready queue, earliest first;</li>
 *   <li>runs exactly the callbacks that are queued at that moment. Whatever they schedule runs on
 *       a later iteration.</li>
 * </ol>
 * Equal deadlines fire in the order they were scheduled (asyncio leaves that order undefined).
 * Cancelled timers leave the heap on every iteration, busy or idle, as in asyncio: at the head, or
 * all at once when over half of more than 100 timers are cancelled.
 *
 * <h2>Threads</h2>
 * {@link #callSoon}, {@link #execute}, {@link #callLater}, {@link #callAt}, {@link #stop()} and
 * {@link #close()} may be called from any thread; a call from another thread wakes a sleeping loop
 * (with {@code Selector.wakeup()} once it has a selector). asyncio's {@code call_soon} and
 * {@code call_soon_threadsafe} are one method here. {@code addReader}/{@code addWriter} and their
 * removals are for the loop's thread, as in asyncio.
 * {@link #allTasks()}, {@link #dumpTasks()} and {@link #monitor()} (the loop's JMX bean) show a
 * running loop from any thread.
 *
 * <h2>As an executor</h2>
 * The loop is a {@link ScheduledExecutorService}: {@code execute} is {@code callSoon}, and
 * {@code schedule*} are loop timers on the loop's clock (virtual or not), so any Java API that
 * takes an executor or a scheduler, and kotlinx's {@code asCoroutineDispatcher()}, run on the loop.
 * After {@link #shutdown()}, {@code execute}/{@code submit}/{@code schedule*} throw
 * {@link RejectedExecutionException}; the loop itself keeps running what it already has, except
 * periodic tasks, which are cancelled (ScheduledThreadPoolExecutor's default policy). A loop
 * {@linkplain #start() started} on its own thread stops and closes once it is shut down and idle;
 * one that is not running closes at once; one run by the caller's thread terminates when it is
 * closed. {@link #shutdownNow()} halts the loop and returns the tasks that were waiting.
 * {@link #isTerminated()}: {@link #close()} has finished, so everything accepted has run, been
 * returned by {@code shutdownNow()}, or been cancelled; no future of the loop is left pending. The
 * loop thread's interrupt status is cleared before each callback and before it sleeps, as
 * ThreadPoolExecutor's workers do: an interrupt ({@code Future.cancel(true)}) is for the callback
 * it was meant for; except under {@link Asyncio#run}, where it cancels the main task.
 * {@code invokeAll}/{@code invokeAny} and {@code Future.get()} block: on the loop thread itself
 * they deadlock, as with any single-thread executor.
 *
 * <h2>Cancellation</h2>
 * A callback or timer is cancelled through the {@link Handle} that scheduled it, from any thread.
 * {@link #close()} drops the callbacks and timers that have not run, cancels the futures of
 * {@code submit}/{@code schedule*}, ends the unfinished tasks cancelled and passes on any grant
 * whose resumption it drops (see {@code close()}). Tasks have asyncio's cancellation: see {@link Task}.
 *
 * <h2>asyncio differs</h2>
 * <ul>
 *   <li>Timers with equal deadlines fire in scheduling order (asyncio: undefined).</li>
 *   <li>{@code callSoon} is thread-safe: asyncio's {@code call_soon} and {@code call_soon_threadsafe} are one.</li>
 *   <li>{@code close()} leaves nothing pending: asyncio's only clears its queues, so a task or a
 *       future of the closed loop never completes and a grant on its way is lost; here tasks end
 *       cancelled, futures are cancelled, and dropped grants are delivered or passed on.</li>
 * </ul>
 */
public final class EventLoop extends AbstractExecutorService implements ScheduledExecutorService, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.asyncio4j.EventLoop");
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    /**
     * The loop that started running last, or null: {@link #currentOrNull()} answers from it
     * without the thread-local lookup (a few percent of a yield) when its thread is the caller's,
     * which holds exactly while {@link #RUNNING} is set to it on that thread. Cleared when it stops.
     */
    private static volatile EventLoop lastStarted;
    private static final AtomicInteger LOOP_COUNTER = new AtomicInteger();
    private static final BiConsumer<EventLoop, Throwable> DEFAULT_HANDLER =
            (loop, error) -> LOG.log(System.Logger.Level.ERROR, "Unhandled error in " + loop, error);

    private final String name = "asyncio4j-loop-" + LOOP_COUNTER.incrementAndGet();
    /** Slow-callback statistics and the JMX bean (see {@link #monitor()}). */
    private final LoopMonitor monitor = new LoopMonitor(this, name);
    private final boolean virtualClock;
    private long virtualNow;

    /** Callbacks ready to run; touched by the loop thread only. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    /** Callbacks handed over by other threads, moved to {@link #ready} by the loop thread in arrival order. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Timers by deadline, then by scheduling order; touched by the loop thread only. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;
    /** Cancelled timers still in {@link #timers}: counted by a cancel that finds its timer in the heap, uncounted by the loop dropping it. */
    private final AtomicInteger cancelledTimers = new AtomicInteger();
    /** CPython's {@code _MIN_SCHEDULED_TIMER_HANDLES}: a heap this small is never rebuilt. */
    private static final int MIN_TIMERS_TO_REBUILD = 100;

    private volatile Thread thread;
    /** The task whose step runs now (asyncio: {@code current_task()}); loop thread only: no thread-local per step. */
    Task<?> currentTask;
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile boolean shutdown;
    /** shutdownNow(): the loop runs no further callback and hands the tasks still waiting back. */
    private volatile boolean halting;
    /** Set by the one thread that takes the waiting tasks for shutdownNow(); the list is in {@link #waitingTasks}. */
    private final AtomicBoolean handedBack = new AtomicBoolean();
    private final CompletableFuture<List<Runnable>> waitingTasks = new CompletableFuture<>();
    private volatile Thread ownThread;
    /** runInExecutor jobs and other cross-thread work whose result is still to come: a virtual clock waits for them. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Registered channels and running pipe pumps ({@link #ioStarted()}): a virtual clock runs on real time while any are. */
    private final AtomicInteger ioOutstanding = new AtomicInteger();
    /**
     * The selector, made by the first addReader/addWriter; null until then, and the loop parks.
     * Written by the loop thread (or before it runs); another thread reads it only in wakeUp(),
     * after reading `sleeping`, which the loop thread wrote later.
     */
    private IoSelector io;

    private volatile BiConsumer<EventLoop, Throwable> exceptionHandler = DEFAULT_HANDLER;
    private volatile boolean debug;
    /** Asyncio.run's answer to an interrupt of the loop's thread, queued by {@link #clearInterrupt()}; null: ignored. */
    LoopWork onInterrupt;
    private ExecutorService defaultExecutor;
    private final Object terminationMonitor = new Object();
    /** close() has finished: everything accepted ran, was returned, or was cancelled. Guarded by terminationMonitor for waits. */
    private volatile boolean terminated;
    /** The thread running close(), which other closers wait for. */
    private Thread closingThread;
    /** Tasks created on this loop and not yet ended, in creation order. */
    /** Unfinished tasks in creation order, linked through the tasks themselves (asyncio.all_tasks). */
    private final Object unfinishedLock = new Object();
    private Task<?> firstUnfinished, lastUnfinished;

    /** A loop on the monotonic system clock ({@link System#nanoTime()}). asyncio: {@code asyncio.new_event_loop()}. */
    public EventLoop() {
        this(false);
    }

    private EventLoop(boolean virtualClock) {
        this.virtualClock = virtualClock;
    }

    /**
     * A loop whose clock starts at 0 and, whenever nothing is ready and no {@link #runInExecutor}
     * job or other cross-thread work is outstanding, jumps to the next timer's deadline. Sleeps and
     * timeouts then take no real time and run deterministically (like trio's autojump clock and
     * kotlinx-coroutines-test's virtual time). While a channel is registered with the loop or a
     * pipe pump runs, I/O may arrive at any moment: the clock does not jump then, and time passes
     * as on the system clock.
     *
     * @return a new loop on a virtual clock, not running
     */
    public static EventLoop withVirtualClock() {
        return new EventLoop(true);
    }

    /**
     * The loop running on the calling thread. asyncio: {@code asyncio.get_running_loop()}.
     *
     * @return the running loop
     * @throws IllegalStateException if none
     */
    public static EventLoop running() {
        EventLoop loop = currentOrNull();
        if (loop == null) throw new IllegalStateException(noRunningLoop());
        return loop;
    }

    /**
     * The message of every "no running loop" error: what went wrong and what to do instead, since
     * the user meets it far from where the loop should have been started.
     */
    static String noRunningLoop() {
        return "no running event loop on thread " + Thread.currentThread().getName()
                + ": call this from code the loop runs (inside Asyncio.run(...), a task, or a loop callback),"
                + " or hand the work to the loop with loop.createTask(...) / loop.callSoon(...)";
    }

    /** The loop running on the calling thread, or null. */
    static EventLoop currentOrNull() {
        EventLoop last = lastStarted;
        return last != null && last.thread == Thread.currentThread() ? last : RUNNING.get();
    }

    // ------------------------------------------------------------------------------------------
    // Running

    /**
     * Runs {@code main} as a task until it is done and returns its result. asyncio:
     * {@code loop.run_until_complete(main())}. A failure is rethrown: unchecked as it is, checked
     * inside a {@link CompletionException}; a cancelled main throws {@link CancellationException}.
     *
     * @param main the main coroutine: called once, in the main task's first step
     * @param <T> the type of main's result
     * @return main's result
     * @throws IllegalStateException if the loop is running or closed, a loop is running on this
     *     thread, or {@link #stop()} ends the loop before main is done
     */
    public <T> T run(Supplier<? extends CompletionStage<T>> main) {
        Objects.requireNonNull(main, "main");
        checkCanRun();
        Task<T> task = createTask(main);
        Consumer<Task<T>> stopWhenDone = t -> stop();
        task.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } finally {
            task.removeDoneCallback(stopWhenDone); // a later run must not stop when this task ends
        }
        if (!task.isDone()) throw new IllegalStateException("event loop stopped before the main task completed");
        return task.result();
    }

    /**
     * Runs iterations until {@link #stop()}. asyncio: {@code loop.run_forever()}. A {@code stop()}
     * before this call makes it run exactly one iteration.
     *
     * @throws IllegalStateException if the loop is running or closed, or another loop runs on this thread
     */
    public void runForever() {
        runForever(null);
    }

    /** @param started counted down once this thread runs the loop ({@link #start()} waits for it), or null */
    private void runForever(CountDownLatch started) {
        checkCanRun();
        thread = Thread.currentThread();
        RUNNING.set(this);
        lastStarted = this;
        monitor.loopStarted();
        if (started != null) started.countDown();
        try {
            while (true) {
                runOnce();
                if (stopping || halting) break;
                if (shutdown && ownThread == thread && isIdle()) break;
            }
        } finally {
            stopping = false;
            if (lastStarted == this) lastStarted = null; // a race may clear another loop's entry: it then uses RUNNING
            RUNNING.remove();
            thread = null;
            // After `thread` is cleared: a shutdownNow() that still saw this thread running waits for this.
            if (halting) handBackWaitingTasks();
        }
    }

    private void checkCanRun() {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (thread != null) throw new IllegalStateException("event loop is already running");
        if (RUNNING.get() != null) throw new IllegalStateException("another event loop is running on this thread");
    }

    /** Makes {@link #runForever()} return after the current iteration. Thread-safe. asyncio: {@code loop.stop()}. */
    public void stop() {
        stopping = true;
        wakeUp();
    }

    /**
     * Runs {@link #runForever()} on a new thread named after the loop, and returns this loop once
     * that thread runs it: {@link #isRunning()} is true when this returns (unless another thread
     * stopped or closed the loop meanwhile).
     *
     * @return this loop
     * @throws IllegalStateException if the loop is closed or already running
     */
    public EventLoop start() {
        if (closed) throw new IllegalStateException("event loop is closed");
        CountDownLatch running = new CountDownLatch(1);
        Thread t = new Thread(() -> runStarted(running), name);
        synchronized (this) {
            if (ownThread != null || thread != null) throw new IllegalStateException("event loop is already running");
            ownThread = t;
        }
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                running.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return this;
    }

    /** The body of a {@linkplain #start() started} loop's thread. */
    private void runStarted(CountDownLatch running) {
        try {
            runForever(running);
        } finally {
            running.countDown(); // runForever refused to run (closed meanwhile): start() must not wait for ever
            Thread.interrupted(); // shutdownNow's interrupt was for the callback, not for close() below
            synchronized (this) {
                ownThread = null;
            }
            // Read after ownThread is cleared: a shutdown() that saw it set is seen here, and one
            // that saw it cleared closes the loop itself.
            if (shutdown) close(); // shut down and idle, or halted by shutdownNow(): a started loop closes itself
        }
    }

    /**
     * True while a thread is running this loop. asyncio: {@code loop.is_running()}.
     *
     * @return true while the loop runs
     */
    public boolean isRunning() {
        return thread != null;
    }

    /**
     * True once {@link #close()} has run. asyncio: {@code loop.is_closed()}.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * True on the thread that is running this loop.
     *
     * @return true if the calling thread runs this loop
     */
    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Closes the loop: drops pending callbacks and timers and shuts the default executor down
     * without waiting. asyncio: {@code loop.close()}. Idempotent. From another thread, a running
     * loop is stopped first and its thread awaited.
     *
     * <p>Nothing waits for ever on a closed loop, and no grant is lost (asyncio differs: it drops
     * everything). In this order, on the calling thread:
     * <ol>
     *   <li>every unfinished task ends: its pending await points are cancelled (a primitive's
     *       waiter is withdrawn, or its grant passes on; the chain's handlers run now), then the
     *       task ends cancelled if it has not ended by itself; a later {@code cancel()} finds it done;</li>
     *   <li>the futures of {@code submit}/{@code schedule*} not yet run are cancelled;
     *       {@code callSoon}/{@code execute} callbacks and {@code callLater}/{@code callAt} timers
     *       are dropped;</li>
     *   <li>the loop's own queued work (a waiter's resumption, a task's completion and done
     *       callbacks, a future's cancellation) runs now, as such work scheduled on a closed loop
     *       does.</li>
     *   <li>its selector, if it has one, is closed; registered channels stay open (asyncio's
     *       loop leaves file descriptors to their owners too).</li>
     * </ol>
     *
     * @throws IllegalStateException if called on the loop's own thread while it runs
     */
    @Override
    public void close() {
        if (closed) {
            awaitClosed();
            return;
        }
        shutdown = true;
        Thread running = thread;
        if (running != null) {
            if (running == Thread.currentThread()) throw new IllegalStateException("cannot close a running event loop");
            stop();
            boolean interrupted = false;
            while (thread != null) {
                try {
                    running.join(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        ExecutorService pool;
        synchronized (this) {
            if (closed) {
                awaitClosed();
                return;
            }
            closed = true;
            closingThread = Thread.currentThread();
            pool = defaultExecutor;
        }
        try {
            for (Task<?> task : unfinishedTasks()) task.loopClosed();
            abandonPending();
            if (pool != null) pool.shutdown();
            monitor.loopClosed();
            if (io != null) io.close();
        } finally {
            synchronized (terminationMonitor) {
                terminated = true;
                terminationMonitor.notifyAll();
            }
        }
    }

    /** A second close() returns once the first has finished (a started loop's thread may be closing it): unless it is that close's own work calling. */
    private void awaitClosed() {
        synchronized (this) {
            if (closingThread == Thread.currentThread()) return;
        }
        boolean interrupted = false;
        synchronized (terminationMonitor) {
            while (!terminated) {
                try {
                    terminationMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    // ------------------------------------------------------------------------------------------
    // One iteration

    private void runOnce() {
        drainInbox();
        boolean selected = false;
        if (ready.isEmpty() && !stopping) {
            Timer next = firstLiveTimer();
            if (virtualClock) {
                if (ioOutstanding.get() > 0) {
                    // I/O may arrive at any moment: the clock does not jump, time passes as on the system clock
                    long start = System.nanoTime();
                    selected = sleep(next == null ? -1 : Math.max(0, next.when - virtualNow));
                    virtualNow += System.nanoTime() - start;
                } else if (next != null && outstanding.get() == 0) {
                    if (next.when > virtualNow) virtualNow = next.when;
                } else {
                    selected = sleep(-1);
                }
            } else {
                selected = sleep(next == null ? -1 : Math.max(0, next.when - System.nanoTime()));
            }
            drainInbox();
        }
        // A loop with channels polls them every iteration, busy or idle, as asyncio's _run_once does.
        if (io != null && !selected) io.select(0);
        if (!timers.isEmpty()) { // no clock read on the iterations that have no timer
            purgeCancelledTimers(); // busy or idle, as CPython's _run_once: a busy loop keeps no dead timers
            long now = time();
            Timer t;
            while ((t = timers.peek()) != null && t.when <= now) {
                timers.poll();
                if (t.fire()) ready.add(t);
                else cancelledTimers.decrementAndGet(); // cancelled in the heap: counted then
            }
        }
        // Before each callback: stop if shutdownNow() halts the loop, and clear an interrupt meant
        // for the callback before (Future.cancel(true)), as ThreadPoolExecutor's workers do.
        if (debug || monitor.timed()) {
            for (int n = ready.size(); n > 0 && !halting; n--) {
                clearInterrupt();
                runTimed(ready.poll());
            }
        } else {
            for (int n = ready.size(); n > 0 && !halting; n--) {
                clearInterrupt();
                runCallback(ready.poll());
            }
        }
    }

    private Timer firstLiveTimer() {
        purgeCancelledTimers();
        return timers.peek();
    }

    /**
     * Drops cancelled timers, as CPython's {@code _run_once} does on every iteration: when over half
     * of a heap of more than {@value #MIN_TIMERS_TO_REBUILD} timers are cancelled (timeouts that did
     * not fire), the heap is rebuilt without them, in O(n); then cancelled timers at the head leave.
     */
    private void purgeCancelledTimers() {
        int size = timers.size();
        if (size > MIN_TIMERS_TO_REBUILD && cancelledTimers.get() * 2 > size) {
            timers.removeIf(Timer::cancelled);
            cancelledTimers.addAndGet(timers.size() - size);
        }
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled()) {
            timers.poll();
            cancelledTimers.decrementAndGet();
        }
    }

    /**
     * Waits up to {@code nanos} (negative: until woken) for a wake-up from another thread: parked,
     * or, once the loop has a selector, in {@code select}, which also queues the callbacks of
     * ready channels.
     *
     * @return true if it selected (the selector need not be polled again this iteration)
     */
    private boolean sleep(long nanos) {
        if (nanos == 0) return false;
        IoSelector selector = io;
        sleeping = true;
        try {
            // Read after `sleeping` is set: whatever a wakeUp() that found the loop awake announced.
            if (inbox.isEmpty() && !stopping && !halting && !(nanos < 0 && endsWhenIdle())) {
                clearInterrupt(); // a leftover interrupt would make park() or select() return at once, every time
                if (!ready.isEmpty()) return false; // it queued onInterrupt: run that instead
                if (selector != null) {
                    selector.select(nanos);
                    return true;
                }
                if (nanos < 0) LockSupport.park(this);
                else LockSupport.parkNanos(this, nanos);
            }
            return false;
        } finally {
            sleeping = false;
        }
    }

    /** A started loop that is shut down, with no timer, no cross-thread work and no I/O to wait for, ends now. */
    private boolean endsWhenIdle() {
        return shutdown && ownThread == thread && outstanding.get() == 0 && ioOutstanding.get() == 0;
    }

    private void wakeUp() {
        Thread t = thread;
        if (sleeping && t != null && t != Thread.currentThread()) {
            IoSelector selector = io; // set before the loop thread last set `sleeping`: visible here
            if (selector != null) selector.wakeup();
            else LockSupport.unpark(t);
        }
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            if (r instanceof Timer timer) addToHeap(timer); // a timer added from another thread
            else ready.add(r);
        }
    }

    private boolean isIdle() {
        drainInbox();
        return ready.isEmpty() && firstLiveTimer() == null && outstanding.get() == 0 && ioOutstanding.get() == 0;
    }

    /**
     * An I/O source started: a channel registered with the loop, or a pipe pump running. Until
     * the matching {@link #ioFinished()}, data may arrive at any moment, so a virtual clock does
     * not jump (time passes as on the system clock; docs/design.md, "I/O on the loop") and a shut-down started loop does
     * not end as idle. Thread-safe.
     */
    void ioStarted() {
        ioOutstanding.incrementAndGet();
    }

    /** An I/O source of {@link #ioStarted()} ended. Thread-safe; wakes the loop so that a virtual clock may jump again. */
    void ioFinished() {
        int left = ioOutstanding.decrementAndGet();
        assert left >= 0 : "ioFinished() without ioStarted()";
        wakeUp();
    }

    /** I/O sources started and not finished (tests). */
    int ioOutstanding() {
        return ioOutstanding.get();
    }

    // ------------------------------------------------------------------------------------------
    // Channels: the selector's machinery is in IoSelector

    /**
     * Calls {@code callback} on the loop whenever {@code channel} is readable (for a server
     * channel: has a connection to accept), until {@link #removeReader}. asyncio:
     * {@code loop.add_reader()}. The channel is made non-blocking. One reader per channel: adding
     * again replaces the callback (the old handle is cancelled). Cancelling the returned handle
     * stops the calls, and the registration goes the next time the channel is ready. The first
     * call gives the loop its selector: from then on it waits in {@code select} instead of parking.
     * While a channel has a reader or a writer, a virtual clock does not jump.
     *
     * <p>Call on the loop's thread, or while the loop is not running (asyncio's is not thread-safe
     * either). Close a channel only after removing its callbacks, as asyncio requires.
     *
     * @param channel the channel to watch
     * @param callback what to run each iteration the channel is readable
     * @return the handle of the callback
     * @throws IllegalStateException if the loop is closed, or it runs on another thread
     * @throws java.io.UncheckedIOException if the channel is closed, or no selector can be opened
     */
    public Handle addReader(SelectableChannel channel, Runnable callback) {
        return ioForRegistration().add(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(callback, "callback"), true);
    }

    /**
     * Stops calling the reader of {@code channel}. asyncio: {@code loop.remove_reader()}.
     *
     * @param channel the channel
     * @return true if a reader was registered
     * @throws IllegalStateException if the loop runs on another thread
     */
    public boolean removeReader(SelectableChannel channel) {
        return removeCallback(channel, true);
    }

    /**
     * Calls {@code callback} on the loop whenever {@code channel} is writable (for a socket still
     * connecting: once the connection is established or failed), until {@link #removeWriter}.
     * asyncio: {@code loop.add_writer()}. Otherwise as {@link #addReader}.
     *
     * @param channel the channel to watch
     * @param callback what to run each iteration the channel is writable
     * @return the handle of the callback
     * @throws IllegalStateException if the loop is closed, or it runs on another thread
     * @throws java.io.UncheckedIOException if the channel is closed, or no selector can be opened
     */
    public Handle addWriter(SelectableChannel channel, Runnable callback) {
        return ioForRegistration().add(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(callback, "callback"), false);
    }

    /**
     * Stops calling the writer of {@code channel}. asyncio: {@code loop.remove_writer()}.
     *
     * @param channel the channel
     * @return true if a writer was registered
     * @throws IllegalStateException if the loop runs on another thread
     */
    public boolean removeWriter(SelectableChannel channel) {
        return removeCallback(channel, false);
    }

    private boolean removeCallback(SelectableChannel channel, boolean reading) {
        checkIoThread();
        return io != null && !closed && io.remove(Objects.requireNonNull(channel, "channel"), reading);
    }

    private IoSelector ioForRegistration() {
        checkIoThread();
        if (closed) throw new IllegalStateException("event loop is closed");
        if (io == null) io = new IoSelector(this);
        return io;
    }

    private void checkIoThread() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException("channels are registered on the loop's thread, not " + Thread.currentThread().getName());
        }
    }

    /**
     * Runs {@code work} now on the loop's thread, or else posts it to the loop as its own work:
     * how streams and servers take calls from any thread (docs/design.md, "I/O on the loop").
     *
     * @return false if the loop is closed: nothing ran and nothing will
     */
    boolean runOrPost(Runnable work) {
        if (inLoopThread()) {
            work.run();
            return true;
        }
        try {
            schedule(work::run);
            return true;
        } catch (IllegalStateException closedLoop) {
            return false;
        }
    }

    /**
     * {@link #runOrPost} for work that ends {@code future}: skipped if the future is done by the
     * time it runs (cancelled on its way); on a closed loop the future fails.
     */
    void runFor(LibraryFuture<?> future, Runnable work) {
        boolean accepted = runOrPost(() -> {
            if (!future.isDone()) work.run();
        });
        if (!accepted) future.failInternal(new IllegalStateException("event loop is closed"));
    }

    /** A handle for a callback the selector queues (IoSelector). */
    Handle newCallback(Runnable callback) {
        return new Callback(callback);
    }

    /** Queues a ready channel's callback in this iteration (IoSelector, loop thread). */
    void queueReady(Runnable callback) {
        ready.add(callback);
    }

    /** True from the first channel registration until close(): the loop then waits in select (tests). */
    boolean selectorOpen() {
        return io != null && io.isOpen();
    }

    private void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable error) {
            reportError(error);
        }
    }

    /** {@link #runCallback}, timed: in debug mode, while monitored, or for JFR (see {@link LoopMonitor}). */
    private void runTimed(Runnable callback) {
        Object event = monitor.beginEvent();
        long start = System.nanoTime();
        runCallback(callback);
        monitor.ran(callback, System.nanoTime() - start, event, debug);
    }

    /**
     * Clears the thread's interrupt status, which is for the callback it was meant for (see the
     * class doc); under {@link Asyncio#run} an interrupt queues {@link #onInterrupt}.
     */
    private void clearInterrupt() {
        if (Thread.interrupted() && onInterrupt != null) ready.add(onInterrupt);
    }

    /** Passes an error nobody else handles to the exception handler; a handler that throws is logged. */
    void reportError(Throwable error) {
        try {
            exceptionHandler.accept(this, error);
        } catch (Throwable handlerError) {
            handlerError.addSuppressed(error);
            LOG.log(System.Logger.Level.ERROR, "Exception handler of " + this + " failed", handlerError);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Scheduling

    /**
     * Nanoseconds on the loop's clock. asyncio: {@code loop.time()} (in seconds there).
     *
     * @return the loop's current time, in nanoseconds
     */
    public long time() {
        return virtualClock ? virtualNow : System.nanoTime();
    }

    /**
     * Schedules {@code callback} at the tail of the ready queue. asyncio: {@code loop.call_soon()}
     * and {@code loop.call_soon_threadsafe()}. Thread-safe; from another thread it wakes the loop.
     *
     * @param callback what to run
     * @return a handle that can cancel the callback until it runs
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoon(Runnable callback) {
        Callback handle = new Callback(Objects.requireNonNull(callback, "callback"));
        enqueue(handle);
        return handle;
    }

    /**
     * {@link #callSoon} without a handle, and without the handle's allocation: the command is
     * queued as it is ({@link #shutdownNow()} tells it from the loop's own work by type).
     *
     * @throws RejectedExecutionException after {@link #shutdown()} or {@link #close()}
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (shutdown) throw new RejectedExecutionException(this + " is shut down");
        try {
            enqueue(command);
        } catch (IllegalStateException closedMeanwhile) {
            throw new RejectedExecutionException(this + " is closed");
        }
    }

    /** Schedules internal work (waiter resumptions, task steps): no handle, accepted until the loop closes. */
    void schedule(LoopWork work) {
        enqueue(work);
    }

    /** Queues a callback: the loop's own work, a user's callback or command, or a timer on its way to the heap. */
    private void enqueue(Runnable callback) {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (Thread.currentThread() == thread) {
            if (!inbox.isEmpty()) drainInbox(); // keep arrival order with work handed over earlier
            ready.add(callback);
        } else {
            inbox.add(callback);
            // close() may have taken the inbox's work between the check above and the add: take
            // ours back and report the loop closed, so the caller's own fallback runs (or find
            // that close() took it, and deals with it).
            if (closed && inbox.remove(callback)) throw new IllegalStateException("event loop is closed");
            wakeUp();
        }
    }

    /**
     * Schedules {@code callback} after {@code delay}. asyncio: {@code loop.call_later()}. A delay of
     * zero or less is due at once but still goes through the timer heap. Thread-safe.
     *
     * @param delay how long from now; zero or negative: due at once
     * @param callback what to run
     * @return a handle that can cancel the timer until it fires
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay");
        return callAt(saturatedAdd(time(), delay), callback);
    }

    /**
     * Schedules {@code callback} at {@code deadlineNanos} on the loop's clock. asyncio:
     * {@code loop.call_at()}. Thread-safe.
     *
     * @param deadlineNanos the deadline on {@link #time()}'s clock
     * @param callback what to run
     * @return a handle that can cancel the timer until it fires
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        Timer timer = new Timer(deadlineNanos, Objects.requireNonNull(callback, "callback"));
        addTimer(timer);
        return timer;
    }

    private void addTimer(Timer timer) {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (Thread.currentThread() == thread) {
            if (!inbox.isEmpty()) drainInbox(); // keep arrival order with timers handed over earlier
            addToHeap(timer);
        } else {
            enqueue(timer); // drainInbox puts it in the heap before the next iteration moves due timers
        }
    }

    private void addToHeap(Timer timer) {
        if (!timer.enterHeap()) return; // cancelled on its way through the inbox: never heaped, never counted
        timer.sequence = timerSequence++;
        timers.add(timer);
    }

    /** Callbacks queued, those handed over from other threads included (the JMX bean). Any thread: a moment's value. */
    int readyCount() {
        return ready.size() + inbox.size();
    }

    /** Timers in the heap, cancelled ones included (tests: the heap stays bounded). Loop thread, or a loop not running. */
    int timerCount() {
        return timers.size();
    }

    /** Cancelled timers in the heap, as counted for the purge (tests: the count matches the heap). */
    int cancelledTimerCount() {
        return cancelledTimers.get();
    }

    static long saturatedAdd(long now, Duration delay) {
        try {
            return Math.addExact(now, delay.toNanos());
        } catch (ArithmeticException overflow) {
            return delay.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tasks and threads

    /**
     * Wraps {@code coro} in a task scheduled on this loop. asyncio: {@code loop.create_task()}.
     *
     * @param coro the coroutine: called in the task's first step, on a later iteration
     * @param <T> the type of the task's result
     * @return the new task, already scheduled
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> coro) {
        return createTask(null, coro);
    }

    /**
     * Wraps {@code coro} in a task with the given name. asyncio:
     * {@code loop.create_task(coro, name=...)}.
     *
     * @param name the task's name, or null for the default {@code Task-<n>}
     * @param coro the coroutine: called in the task's first step, on a later iteration
     * @param <T> the type of the task's result
     * @return the new task, already scheduled
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(String name, Supplier<? extends CompletionStage<T>> coro) {
        Objects.requireNonNull(coro, "coro");
        if (closed) throw new IllegalStateException("event loop is closed");
        return new Task<>(this, name, coro, true);
    }

    /** A task was created on this loop (Task's constructor). Thread-safe. */
    void taskCreated(Task<?> task) {
        synchronized (unfinishedLock) {
            task.previousUnfinished = lastUnfinished;
            if (lastUnfinished == null) firstUnfinished = task;
            else lastUnfinished.nextUnfinished = task;
            lastUnfinished = task;
        }
    }

    void taskFinished(Task<?> task) {
        synchronized (unfinishedLock) {
            Task<?> previous = task.previousUnfinished, next = task.nextUnfinished;
            if (previous == null && firstUnfinished != task) return; // not in the list
            if (previous == null) firstUnfinished = next;
            else previous.nextUnfinished = next;
            if (next == null) lastUnfinished = previous;
            else next.previousUnfinished = previous;
            task.previousUnfinished = task.nextUnfinished = null;
        }
    }

    /**
     * The tasks of this loop that have not ended, in creation order: a snapshot. asyncio:
     * {@code asyncio.all_tasks(loop)}. Thread-safe.
     *
     * @return an unmodifiable set of the unfinished tasks, iterated in creation order
     */
    public Set<Task<?>> allTasks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(unfinishedTasks()));
    }

    /**
     * The unfinished tasks as a tree: what each waits on, and which tasks await it. asyncio:
     * {@code python -m asyncio pstree}. Thread-safe. See {@link TaskGraph}.
     *
     * @return {@code TaskGraph.capture(this).format()}
     */
    public String dumpTasks() {
        return TaskGraph.capture(this).format();
    }

    /**
     * This loop's JMX bean, also registered on the platform MBeanServer once the loop runs: task
     * count and graph, queue lengths, slow callbacks. Thread-safe.
     *
     * @return the loop's monitor
     */
    public EventLoopMXBean monitor() {
        return monitor;
    }

    /** The thread running the loop, or null. */
    Thread thread() {
        return thread;
    }

    /** The tasks of this loop that have not ended (asyncio.all_tasks), for Asyncio.run's cleanup. */
    List<Task<?>> unfinishedTasks() {
        synchronized (unfinishedLock) {
            List<Task<?>> tasks = new ArrayList<>();
            for (Task<?> t = firstUnfinished; t != null; t = t.nextUnfinished) tasks.add(t);
            return tasks;
        }
    }

    /**
     * Runs {@code fn} on {@code executor} (null: the loop's default pool, created on first use,
     * of daemon threads) and returns a future completed on the loop with its outcome. asyncio:
     * {@code loop.run_in_executor()}. Cancelling the future cancels the job if it has not started;
     * a later result is ignored. Outstanding jobs keep a virtual clock from jumping.
     *
     * <p>Misuse is reported through the future, never thrown: a null {@code fn} fails it with
     * {@link NullPointerException}, and an executor that throws instead of taking the job
     * ({@link RejectedExecutionException} or anything else) fails it with that error; the job is
     * then not outstanding. (An executor that ran the job and then threw: the job's outcome
     * stands, and the executor's error goes to the exception handler.)
     *
     * @param executor where to run {@code fn}, or null for the loop's default pool
     * @param fn the blocking work
     * @param <T> the type of {@code fn}'s result
     * @return a future completed on the loop with {@code fn}'s outcome
     * @throws IllegalStateException if the loop is closed
     */
    public <T> CompletableFuture<T> runInExecutor(Executor executor, Callable<T> fn) {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (fn == null) return CompletableFuture.failedFuture(new NullPointerException("fn"));
        Executor target = executor != null ? executor : defaultExecutor();
        ExecutorJob<T> job = new ExecutorJob<>(fn);
        outstanding.incrementAndGet();
        try {
            target.execute(job);
        } catch (Throwable refused) { // RejectedExecutionException, or a broken executor: never thrown at the caller
            job.refused(refused);
        }
        return job.result;
    }

    private synchronized ExecutorService defaultExecutor() {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (defaultExecutor == null) {
            int workers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, name + "-executor-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            defaultExecutor = Executors.newFixedThreadPool(workers, factory);
        }
        return defaultExecutor;
    }

    /** Shuts the default executor down and waits for its threads (asyncio.run's last step). */
    void shutdownDefaultExecutorAndWait() {
        ExecutorService pool;
        synchronized (this) {
            pool = defaultExecutor;
        }
        if (pool == null) return;
        pool.shutdown();
        boolean interrupted = false;
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) { /* asyncio waits without a limit too */ }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** A runInExecutor job: its result future is cancellable until the job starts. */
    private final class ExecutorJob<T> implements Runnable {
        private final Callable<T> fn;
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean settled = new AtomicBoolean();
        final LibraryFuture<T> result = new LibraryFuture<>(LibraryFuture.Cancel.IMMEDIATE, LibraryFuture.LateCancel.WINS) {
            @Override
            void onCancel() {
                if (started.compareAndSet(false, true)) settled();
            }
        };

        ExecutorJob(Callable<T> fn) {
            this.fn = fn;
        }

        void settled() {
            if (settled.compareAndSet(false, true)) outstanding.decrementAndGet();
        }

        /**
         * The executor threw instead of returning. If the job never started it never will: the
         * future fails with that error. If it did (an executor that ran it, then threw) or was
         * cancelled, that outcome stands and the error goes to the exception handler.
         */
        void refused(Throwable error) {
            if (started.compareAndSet(false, true)) {
                settled();
                result.failInternal(error);
                return;
            }
            try {
                schedule(() -> reportError(error));
            } catch (IllegalStateException loopClosed) {
                reportError(error);
            }
        }

        @Override
        public void run() {
            if (!started.compareAndSet(false, true)) return;
            T value = null;
            Throwable failure = null;
            try {
                value = fn.call();
            } catch (Throwable error) {
                failure = error;
            }
            T v = value;
            Throwable f = failure;
            try {
                schedule(() -> {
                    settled();
                    if (f == null) result.completeInternal(v);
                    else result.failInternal(f);
                });
            } catch (IllegalStateException loopClosed) {
                settled(); // the loop closed meanwhile: nothing is scheduled
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Errors and debug

    /**
     * Sets the handler for errors from callbacks; null restores the default, which logs. asyncio:
     * {@code loop.set_exception_handler()}.
     *
     * @param handler called on the loop's thread with the loop and the error; null: the default
     */
    public void setExceptionHandler(BiConsumer<EventLoop, Throwable> handler) {
        exceptionHandler = handler == null ? DEFAULT_HANDLER : handler;
    }

    /**
     * Debug mode: warns about callbacks slower than 100 ms (the {@linkplain #monitor() monitor}'s
     * threshold) and reports task failures nobody retrieved. asyncio: {@code loop.set_debug()}.
     *
     * @param on true to enable debug mode
     */
    public void setDebug(boolean on) {
        debug = on;
    }

    boolean debug() {
        return debug;
    }

    // ------------------------------------------------------------------------------------------
    // ScheduledExecutorService: schedule* tasks are ScheduledLoopTasks on loop timers

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return schedule(Executors.callable(command, null), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return ScheduledLoopTask.submit(this, callable, delay, unit, 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) throw new IllegalArgumentException("period must be positive: " + period);
        return ScheduledLoopTask.submit(this, Executors.callable(Objects.requireNonNull(command, "command"), null),
                initialDelay, unit, unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (delay <= 0) throw new IllegalArgumentException("delay must be positive: " + delay);
        return ScheduledLoopTask.submit(this, Executors.callable(Objects.requireNonNull(command, "command"), null),
                initialDelay, unit, -unit.toNanos(delay));
    }

    /**
     * Stops accepting {@code execute}/{@code submit}/{@code schedule*}. What was accepted still
     * runs, except periodic tasks, which are cancelled (ScheduledThreadPoolExecutor's default
     * policy: delayed one-shot tasks still run after {@code shutdown()}, periodic ones do not). A
     * started loop closes itself once idle. A loop that is not running, and not started, has no
     * thread to run anything: it closes now (see {@link #close()}: the futures of what was
     * submitted are cancelled, tasks end). A loop run by the caller's thread keeps running until
     * stopped, and terminates when closed.
     */
    @Override
    public void shutdown() {
        shutdown = true;
        if (!isRunning() && ownThread == null) {
            close();
            return;
        }
        try {
            schedule(this::cancelPeriodicTasks); // on the loop thread, which owns the timer heap; wakes it
        } catch (IllegalStateException closedMeanwhile) {
            // close() cancelled them
        }
    }

    /** shutdown(), on the loop thread: periodic tasks end cancelled; the one running now ends when it returns. */
    private void cancelPeriodicTasks() {
        drainInbox();
        List<ScheduledLoopTask<?>> periodic = new ArrayList<>();
        for (Timer t : timers) {
            if (!t.cancelled() && t.callback instanceof ScheduledLoopTask<?> task && task.isPeriodic()) periodic.add(task);
        }
        for (ScheduledLoopTask<?> task : periodic) task.cancel(false);
    }

    /**
     * Halts the loop and returns the tasks that were waiting: the {@code Runnable}s given to
     * {@code execute} and {@code callSoon}, the futures of {@code submit} (in the order they would
     * have run) and of {@code schedule*} (by deadline), none of them run or cancelled. The loop's
     * own work (task steps, waiter resumptions) is not returned: the loop then closes, which deals
     * with it as {@link #close()} says. A started loop closes itself; a loop run by the caller's
     * thread stops (its {@code runForever} returns) and terminates when closed.
     *
     * <p>From another thread while the loop runs a callback: a started loop's thread is interrupted,
     * as ThreadPoolExecutor interrupts its workers, and this returns once that callback has returned,
     * because the queues belong to the loop thread (ThreadPoolExecutor does not wait; a callback that
     * ignores the interrupt delays this call).
     */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        halting = true;
        Thread running = thread;
        if (running == null || running == Thread.currentThread()) {
            List<Runnable> waiting = handBackWaitingTasks();
            if (running == null && ownThread == null) close();
            return waiting;
        }
        if (running == ownThread) running.interrupt();
        wakeUp();
        // Read after `halting` is set: the loop thread hands the tasks back at its next callback
        // boundary, or, if it already left runForever, on its way out (see runForever's finally).
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return waitingTasks.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Takes the waiting tasks once, on whichever thread gets here first with the queues to itself. */
    private List<Runnable> handBackWaitingTasks() {
        if (handedBack.compareAndSet(false, true)) waitingTasks.complete(takeWaitingTasks());
        return waitingTasks.join();
    }

    /** Removes the callbacks and schedule* tasks not yet run from the queues and returns them (the user's objects). */
    private List<Runnable> takeWaitingTasks() {
        drainInbox();
        List<Runnable> waiting = new ArrayList<>();
        for (Iterator<Runnable> it = ready.iterator(); it.hasNext(); ) {
            Runnable r = it.next();
            if (r instanceof Callback c) {
                if (!c.cancelled) waiting.add(c.callback);
                it.remove();
            } else if (r instanceof Timer t) {
                if (!t.cancelled() && t.callback instanceof ScheduledLoopTask) {
                    waiting.add(t.callback); // came due, not yet run
                    it.remove();
                }
            } else if (!(r instanceof LoopWork)) {
                waiting.add(r); // a command given to execute()
                it.remove();
            }
        }
        List<Timer> scheduled = new ArrayList<>();
        for (Timer t : timers) if (!t.cancelled() && t.callback instanceof ScheduledLoopTask) scheduled.add(t);
        scheduled.sort(null);
        timers.removeAll(new HashSet<>(scheduled)); // identity: a Timer keeps Object's equals
        for (Timer t : scheduled) waiting.add(t.callback);
        return waiting;
    }

    /** close(): what is still queued can never run on the loop (see {@link #close()} for what becomes of it). */
    private void abandonPending() {
        drainInbox();
        List<Runnable> pending = new ArrayList<>(ready);
        pending.addAll(timers);
        ready.clear();
        timers.clear();
        for (Runnable r : pending) abandon(r);
        Runnable late;
        while ((late = inbox.poll()) != null) abandon(late); // arrived meanwhile; schedule() re-checks `closed` for the rest
    }

    private void abandon(Runnable r) {
        if (r instanceof Callback c) {
            if (!c.cancelled && c.callback instanceof Future<?> submitted) submitted.cancel(false);
        } else if (r instanceof Timer t) {
            if (!t.cancelled() && t.callback instanceof Future<?> scheduled) scheduled.cancel(false);
        } else if (!(r instanceof LoopWork)) {
            if (r instanceof Future<?> submitted) submitted.cancel(false); // a command given to execute(): dropped
        } else {
            try {
                r.run(); // the loop's own work: now, as on a closed loop (Task.later, Waiter.dispatchOne)
            } catch (Throwable error) {
                reportError(error);
            }
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (terminationMonitor) {
            while (!terminated) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(terminationMonitor, left);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String state = closed ? "closed" : thread != null ? "running" : "idle";
        if (shutdown && !closed) state += halting ? ", halted" : ", shut down";
        return "EventLoop[" + name + ", " + state + (virtualClock ? ", virtual clock" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Handles

    /** A callSoon callback: skipped once cancelled. */
    static final class Callback implements Handle, Runnable {
        private final Runnable callback;
        private volatile boolean cancelled;

        Callback(Runnable callback) {
            this.callback = callback;
        }

        @Override
        public void run() {
            if (!cancelled) callback.run();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public String toString() {
            return "Handle[" + callback + (cancelled ? ", cancelled" : "") + "]";
        }
    }

    /**
     * A timer: ordered by deadline, then by the order it reached the heap. Every transition is a
     * CAS, so a cancel from any thread and the loop moving the timer agree on whether it was
     * cancelled while in the heap, the only case {@link #cancelledTimers} counts:
     * <pre>
     *   NEW --the loop heaps it--&gt; IN_HEAP --due: moved to the ready queue--&gt; FIRED
     *    |                           |                                          |
     *    | cancel():                 | cancel(): counted until                  | cancel(): not counted;
     *    | never heaped              | the loop drops it                        | it does not run if
     *    v                           v                                          v it has not yet
     *   CANCELLED                  CANCELLED                                  CANCELLED
     * </pre>
     */
    private final class Timer implements TimerHandle, Runnable, Comparable<Timer> {
        private static final int NEW = 0, IN_HEAP = 1, FIRED = 2, CANCELLED = 3;
        private static final String[] STATE_NAMES = {"new", "in heap", "fired", "cancelled"};
        private static final VarHandle STATE = VarHandles.field(MethodHandles.lookup(), Timer.class, "state", int.class);

        final long when;
        final Runnable callback;
        long sequence;
        private volatile int state = NEW;

        Timer(long when, Runnable callback) {
            this.when = when;
            this.callback = callback;
        }

        /** The loop puts it in the heap; false if it was cancelled first. */
        boolean enterHeap() {
            return STATE.compareAndSet(this, NEW, IN_HEAP);
        }

        /** The loop takes it out of the heap, due; false if it was cancelled there (and counted). */
        boolean fire() {
            return STATE.compareAndSet(this, IN_HEAP, FIRED);
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(when, other.when);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }

        @Override
        public void run() {
            if (state != CANCELLED) callback.run();
        }

        @Override
        public void cancel() {
            int s;
            do {
                s = state;
                if (s == CANCELLED) return;
            } while (!STATE.compareAndSet(this, s, CANCELLED));
            if (s == IN_HEAP) cancelledTimers.incrementAndGet(); // the loop drops it, and uncounts it, later
        }

        @Override
        public boolean cancelled() {
            return state == CANCELLED;
        }

        @Override
        public long when() {
            return when;
        }

        @Override
        public String toString() {
            return "TimerHandle[when=" + when + ", " + callback + ", " + STATE_NAMES[state] + "]";
        }
    }
}
