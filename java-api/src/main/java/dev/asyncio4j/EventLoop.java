package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
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
 * {@link #close()} may be called from any thread; a call from another thread wakes a sleeping loop.
 * asyncio's {@code call_soon} and {@code call_soon_threadsafe} are one method here.
 *
 * <h2>As an executor</h2>
 * The loop is a {@link ScheduledExecutorService}: {@code execute} is {@code callSoon}, and
 * {@code schedule*} are loop timers on the loop's clock (virtual or not), so any Java API that
 * takes an executor or a scheduler, and kotlinx's {@code asCoroutineDispatcher()}, run on the loop.
 * After {@link #shutdown()}, {@code execute}/{@code submit}/{@code schedule*} throw
 * {@link RejectedExecutionException}; the loop itself keeps running what it already has. A loop
 * {@linkplain #start() started} on its own thread stops and closes once it is shut down and idle;
 * {@link #isTerminated()} is {@link #isClosed()}.
 *
 * <h2>Cancellation</h2>
 * A callback or timer is cancelled through the {@link Handle} that scheduled it, from any thread;
 * {@link #close()} drops whatever has not run. Tasks have asyncio's cancellation: see {@link Task}.
 */
public final class EventLoop extends AbstractExecutorService implements ScheduledExecutorService, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.asyncio4j.EventLoop");
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicInteger LOOP_COUNTER = new AtomicInteger();
    private static final long SLOW_CALLBACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final BiConsumer<EventLoop, Throwable> DEFAULT_HANDLER =
            (loop, error) -> LOG.log(System.Logger.Level.ERROR, "Unhandled error in " + loop, error);

    private final String name = "asyncio4j-loop-" + LOOP_COUNTER.incrementAndGet();
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
    private volatile Thread ownThread;
    /** runInExecutor jobs and other cross-thread work whose result is still to come: a virtual clock waits for them. */
    private final AtomicInteger outstanding = new AtomicInteger();

    private volatile BiConsumer<EventLoop, Throwable> exceptionHandler = DEFAULT_HANDLER;
    private volatile boolean debug;
    private ExecutorService defaultExecutor;
    private final Object terminationMonitor = new Object();
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
     * kotlinx-coroutines-test's virtual time).
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
        EventLoop loop = RUNNING.get();
        if (loop == null) throw new IllegalStateException("no running event loop on thread " + Thread.currentThread().getName());
        return loop;
    }

    /** The loop running on the calling thread, or null. */
    static EventLoop currentOrNull() {
        return RUNNING.get();
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
        checkCanRun();
        thread = Thread.currentThread();
        RUNNING.set(this);
        try {
            while (true) {
                runOnce();
                if (stopping) break;
                if (shutdown && ownThread == thread && isIdle()) break;
            }
        } finally {
            stopping = false;
            RUNNING.remove();
            thread = null;
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
     * Runs {@link #runForever()} on a new thread named after the loop, and returns this loop.
     *
     * @return this loop
     * @throws IllegalStateException if the loop is closed or already running
     */
    public EventLoop start() {
        if (closed) throw new IllegalStateException("event loop is closed");
        Thread t = new Thread(() -> {
            runForever();
            if (shutdown) close(); // shut down and idle: a started loop closes itself
        }, name);
        synchronized (this) {
            if (ownThread != null || thread != null) throw new IllegalStateException("event loop is already running");
            ownThread = t;
        }
        t.start();
        return this;
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
     * @throws IllegalStateException if called on the loop's own thread while it runs
     */
    @Override
    public void close() {
        if (closed) return;
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
            if (closed) return;
            closed = true;
            pool = defaultExecutor;
        }
        ready.clear();
        inbox.clear();
        timers.clear();
        if (pool != null) pool.shutdown();
        synchronized (terminationMonitor) {
            terminationMonitor.notifyAll();
        }
    }

    // ------------------------------------------------------------------------------------------
    // One iteration

    private void runOnce() {
        drainInbox();
        if (ready.isEmpty() && !stopping) {
            Timer next = firstLiveTimer();
            if (virtualClock) {
                if (next != null && outstanding.get() == 0) {
                    if (next.when > virtualNow) virtualNow = next.when;
                } else if (next == null || outstanding.get() > 0) {
                    sleep(-1);
                }
            } else {
                sleep(next == null ? -1 : Math.max(0, next.when - System.nanoTime()));
            }
            drainInbox();
        }
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
        if (debug) {
            for (int n = ready.size(); n > 0; n--) runTimed(ready.poll());
        } else {
            for (int n = ready.size(); n > 0; n--) runCallback(ready.poll());
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

    private void sleep(long nanos) {
        if (nanos == 0) return;
        sleeping = true;
        try {
            if (inbox.isEmpty() && !stopping) {
                if (nanos < 0) LockSupport.park(this);
                else LockSupport.parkNanos(this, nanos);
            }
        } finally {
            sleeping = false;
        }
    }

    private void wakeUp() {
        Thread t = thread;
        if (sleeping && t != null && t != Thread.currentThread()) LockSupport.unpark(t);
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
        return ready.isEmpty() && firstLiveTimer() == null && outstanding.get() == 0;
    }

    private void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable error) {
            reportError(error);
        }
    }

    /** {@link #runCallback} in debug mode: warns about callbacks slower than 100 ms. */
    private void runTimed(Runnable callback) {
        long start = System.nanoTime();
        runCallback(callback);
        long took = System.nanoTime() - start;
        if (took > SLOW_CALLBACK_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "Executing " + callback + " took "
                    + TimeUnit.NANOSECONDS.toMillis(took) + " ms on " + this);
        }
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
        schedule(handle);
        return handle;
    }

    /**
     * {@link #callSoon} without a handle.
     *
     * @throws RejectedExecutionException after {@link #shutdown()} or {@link #close()}
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (shutdown) throw new RejectedExecutionException(this + " is shut down");
        schedule(command);
    }

    /** Schedules internal work (waiter resumptions, task steps): no handle, accepted until the loop closes. */
    void schedule(Runnable callback) {
        if (closed) throw new IllegalStateException("event loop is closed");
        if (Thread.currentThread() == thread) {
            if (!inbox.isEmpty()) drainInbox(); // keep arrival order with work handed over earlier
            ready.add(callback);
        } else {
            inbox.add(callback);
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
            schedule(timer); // drainInbox puts it in the heap before the next iteration moves due timers
        }
    }

    private void addToHeap(Timer timer) {
        if (!timer.enterHeap()) return; // cancelled on its way through the inbox: never heaped, never counted
        timer.sequence = timerSequence++;
        timers.add(timer);
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
        final LibraryFuture<T> result = new LibraryFuture<>() {
            @Override
            void onCancel() {
                if (started.compareAndSet(false, true)) settled();
            }

            @Override
            boolean lateCancellationWins() {
                return true;
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
     * Debug mode: warns about callbacks slower than 100 ms and reports task failures nobody
     * retrieved. asyncio: {@code loop.set_debug()}.
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
    // ScheduledExecutorService

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return schedule(Executors.callable(command, null), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return submitTimer(new ScheduledTask<>(callable, deadline(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) throw new IllegalArgumentException("period must be positive: " + period);
        return submitTimer(new ScheduledTask<>(Executors.callable(Objects.requireNonNull(command, "command"), null),
                deadline(initialDelay, unit), unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (delay <= 0) throw new IllegalArgumentException("delay must be positive: " + delay);
        return submitTimer(new ScheduledTask<>(Executors.callable(Objects.requireNonNull(command, "command"), null),
                deadline(initialDelay, unit), -unit.toNanos(delay)));
    }

    private long deadline(long delay, TimeUnit unit) {
        return saturatedAdd(time(), Duration.ofNanos(unit.toNanos(delay)));
    }

    private <V> ScheduledFuture<V> submitTimer(ScheduledTask<V> task) {
        if (shutdown || closed) throw new RejectedExecutionException(this + " is shut down");
        task.timer = callAt(task.when, task);
        return task;
    }

    /** Stops accepting {@code execute}/{@code submit}/{@code schedule*}; a started loop closes itself once idle. */
    @Override
    public void shutdown() {
        shutdown = true;
        if (!isRunning() && ownThread == null) close();
        else wakeUp();
    }

    /** {@link #shutdown()}, dropping the callbacks not yet run, which it returns. */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = new ArrayList<>();
        Runnable r;
        while ((r = inbox.poll()) != null) dropped.add(r);
        if (!isRunning()) {
            dropped.addAll(ready);
            ready.clear();
            close();
        } else {
            stop();
        }
        return dropped;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return closed;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (terminationMonitor) {
            while (!closed) {
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
        return "EventLoop[" + name + ", " + state + (virtualClock ? ", virtual clock" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------
    // Handles

    /** A callSoon callback: skipped once cancelled. */
    private static final class Callback implements Handle, Runnable {
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

    /** A schedule* task on a loop timer; periodic ones re-arm themselves after each run. */
    private final class ScheduledTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        long when;
        final long period; // 0: once; > 0: fixed rate; < 0: fixed delay
        volatile TimerHandle timer;

        ScheduledTask(Callable<V> callable, long when, long period) {
            super(callable);
            this.when = when;
            this.period = period;
        }

        @Override
        public void run() {
            if (period == 0) {
                super.run();
            } else if (runAndReset() && !shutdown && !closed) {
                when = period > 0 ? when + period : time() - period;
                timer = callAt(when, this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            TimerHandle t = timer;
            if (cancelled && t != null) t.cancel();
            return cancelled;
        }

        @Override
        public boolean isPeriodic() {
            return period != 0;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(when - time(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
