package dev.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Java coroutine running on an {@link EventLoop}. asyncio: {@code asyncio.Task}.
 *
 * <p>A Java coroutine is a {@code Supplier<? extends CompletionStage<T>>}: the task calls it in its
 * first step, on a later iteration than the one that created the task, and the stage it returns
 * (a chain built on library futures: a lock's {@code acquireAsync()}, {@link Asyncio#sleep},
 * another task...) is the task's body. The task ends with the body's outcome.
 *
 * <pre>{@code
 * Task<String> t = Asyncio.createTask(() -> Asyncio.sleep(Duration.ofSeconds(1), "done"));
 * t.cancel();   // a request: the sleep is cancelled, and the task ends cancelled on a later iteration
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   NEW --first step (a later iteration)--&gt; STARTED --body's stage completes--&gt; DONE
 *    |                                                  (result, failure, or cancelled)
 *    +--cancel() before the first step: the supplier is never called--&gt; DONE (cancelled)
 * </pre>
 *
 * <h2>Await points and cancellation</h2>
 * While it runs (its first step, and every resumption from one of its library futures), the task
 * is {@link #current()}, and every library future created then is one of its await points. The
 * task waits at the most recently created one that is still pending (asyncio's one awaited
 * future). {@link #cancel()} is asyncio's: a request, counted by {@link #cancelling()}:
 * <ul>
 *   <li>waiting at an await point: that future is cancelled (a primitive's waiter is withdrawn, or
 *       its grant passed on, at once; a child task, a {@code gather}, a {@code waitFor} get the
 *       request in turn), and the chain sees {@link CancellationException} on a later iteration;</li>
 *   <li>otherwise the request is remembered: a task not started never runs its supplier; a task
 *       that finished waiting but has not resumed sees the cancellation instead of the result (for
 *       a primitive: cancelled after the grant, which passes on); a task that is running (it
 *       cancelled itself) gets it at the next await point it creates, or ends cancelled if its
 *       body completes without waiting again.</li>
 * </ul>
 * A chain that handles the exception and goes on swallows the cancellation, as in asyncio: the
 * task ends with what its body produces. {@link #uncancel()} withdraws a request.
 *
 * <h2>Invariant</h2>
 * While a task is started, between its steps (its first step, a resumption, a delivery of a
 * request), one of these holds:
 * <ol>
 *   <li>no request is remembered: the task waits at its await point (or on a foreign stage), and
 *       any cancellation so far was taken there, so that future ends with it;</li>
 *   <li>a request is remembered and a delivery is scheduled: on a later iteration it passes the
 *       request to the await point current then;</li>
 *   <li>a request is remembered, no delivery is scheduled, and the await point refused it: its
 *       outcome is already on its way (its resumption then merges the request with a
 *       cancellation, drops a result that may be dropped, or schedules a delivery), or it is a
 *       {@code timeout} block (the body's next await point gets the request), or the request
 *       came back round a cycle of awaits; or there is no await point: the next one the task
 *       creates gets it, or the task ends cancelled (asyncio's {@code _must_cancel}).</li>
 * </ol>
 * Every step but a delivery ends in 1 or 2, and asserts so ({@code requestOnItsWay}). A request
 * made from another thread marks its delivery in the same critical section, so the loop's thread
 * never sees a request without it. asyncio keeps the same shape with {@code _fut_waiter} (1),
 * {@code call_soon(__step)} (2) and {@code _must_cancel} (3).
 *
 * <h2>Differences from asyncio</h2>
 * <ul>
 *   <li>{@link #isCancelled()} turns true only once the task has ended cancelled, unlike
 *       {@code Future.cancel}; {@code cancel(boolean)} is {@code cancel()}.</li>
 *   <li>A foreign {@code CompletionStage} is not an await point: wrap it with
 *       {@link Asyncio#wrapFuture}. A task's {@link #toCompletableFuture()} is an await point of
 *       the task that created this one; another task awaits it through {@code wrapFuture}.</li>
 *   <li>{@link #toCompletableFuture()} completes one iteration after the task (its dependent
 *       stages then run at once): {@link #isDone()} is true first.</li>
 *   <li>A task that finished but whose awaiting task (its creator) has not resumed: the awaiting
 *       task's chain gets the result, and its cancellation reaches its next await point (the
 *       future is shared, so its outcome cannot be replaced).</li>
 *   <li>A task awaiting itself (its body is the task or its future, or it wraps either with
 *       {@link Asyncio#wrapFuture}) gets {@link IllegalStateException} there, as asyncio's
 *       {@code RuntimeError}. A longer cycle (A awaits B, B awaits A) is not detected, but
 *       {@link #cancel()} on it ends it instead of recursing (see {@link #cancel(String)}).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every step runs on the loop's thread. {@code cancel}, {@code uncancel}, {@code cancelling},
 * the state queries and the done callbacks may be used from any thread; a cancellation from
 * another thread is delivered through the loop.
 */
public final class Task<T> extends ForwardingStage<T> implements Future<T>, CompletionStage<T> {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int NEW = 0, STARTED = 1, DONE = 2;

    private final EventLoop loop;
    /** The name given, or null until {@link #name()} first makes the default from {@link #number}. */
    private volatile String name;
    /** Numbers the default name {@code Task-<n>}: the string is only built when someone asks for it. */
    private final int number;
    private final TaskFuture result;
    /** Where the task was created, in debug mode. */
    private final Throwable createdAt;
    private Supplier<? extends CompletionStage<T>> coro;

    // Guarded by this.
    private volatile int state = NEW;
    private int cancelCount;
    /** A request not yet delivered to an await point. */
    private volatile boolean cancelRequested;
    private String cancelMessage;
    private boolean deliveryScheduled;
    /** {@link #deliver()} is passing a request down to the await point (loop thread only). */
    private boolean delivering;
    /**
     * Done callbacks not yet scheduled: null, the only one, or a {@link CallbackList} once there
     * are several (most tasks have at most one: no list for them).
     */
    private Object callbacks;
    /** Links in the loop's list of unfinished tasks (guarded by that list's lock). */
    Task<?> previousUnfinished, nextUnfinished;
    private T value;
    private Throwable failure;
    private boolean cancelled;
    private volatile boolean retrieved;
    private volatile UnretrievedFailure unretrieved;

    /**
     * The library futures created by this task that may still be pending: the newest, and the
     * pending ones created before it, oldest first (done ones are pruned from the tail). Split so
     * that the usual step, whose previous await point is done by now, touches no list. Loop thread only.
     */
    private LibraryFuture<?> newestAwaitPoint;
    private ArrayList<LibraryFuture<?>> olderAwaitPoints;

    /**
     * @param awaitPoint true: the task's future is an await point of the task creating it (a
     *     child it awaits); false for a task group's children
     */
    Task(EventLoop loop, String name, Supplier<? extends CompletionStage<T>> coro, boolean awaitPoint) {
        if (loop.isClosed()) throw new IllegalStateException("event loop is closed");
        this.loop = loop;
        this.coro = coro;
        this.name = name;
        this.number = name != null ? 0 : COUNTER.incrementAndGet();
        this.createdAt = loop.debug() ? new Throwable("task " + name() + " was created here") : null;
        this.result = new TaskFuture(awaitPoint);
        loop.taskCreated(this);
        try {
            loop.schedule(this::start);
        } catch (IllegalStateException closedMeanwhile) {
            loop.taskFinished(this);
            throw closedMeanwhile;
        }
    }

    /**
     * Stages composed on this task's future continue as {@code owner} (a task group's parent),
     * though the future is not one of its await points.
     */
    void resumeAs(Task<?> owner) {
        result.task = owner;
    }

    /**
     * The task running on this thread, or null. asyncio: {@code asyncio.current_task()}.
     *
     * @return the current task, or null outside a task
     */
    public static Task<?> current() {
        EventLoop running = EventLoop.currentOrNull();
        return running == null ? null : running.currentTask;
    }

    /**
     * asyncio: {@code Task.get_name()}. Default {@code Task-<n>}, from a process-wide counter.
     *
     * @return the task's name
     */
    public String name() {
        String given = name;
        if (given == null) name = given = "Task-" + number; // a race builds equal strings: harmless
        return given;
    }

    /**
     * asyncio: {@code Task.set_name()}.
     *
     * @param name the new name; not null
     */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The loop the task runs on. asyncio: {@code Task.get_loop()}.
     *
     * @return the task's loop
     */
    public EventLoop loop() {
        return loop;
    }

    // ------------------------------------------------------------------------------------------
    // Steps

    private void start() {
        Supplier<? extends CompletionStage<T>> body = coro;
        coro = null;
        if (state != NEW) return;
        if (cancelRequested) { // cancelled before its first step: the supplier is never called
            finish(null, null);
            return;
        }
        state = STARTED;
        Task<?> previous = loop.currentTask;
        loop.currentTask = this;
        try {
            CompletionStage<T> stage;
            try {
                stage = body.get();
                if (stage == null) throw new NullPointerException("the coroutine of " + name() + " returned null instead of a CompletionStage");
                IllegalStateException selfAwait = selfAwait(stage); // its body is its own future: it would never end
                if (selfAwait != null) throw selfAwait;
            } catch (Throwable error) {
                stage = CompletableFuture.failedFuture(error);
            }
            if (stage instanceof CompletableFuture<T> future && future.isDone() && !future.isCompletedExceptionally()) {
                bodyDone(future.getNow(null), null); // what whenComplete would do now, without a dependent stage
            } else {
                stage.whenComplete(this::bodyDone);
            }
        } finally {
            loop.currentTask = previous;
        }
        if (cancelRequested && state != DONE) scheduleDelivery(); // it cancelled itself while running
        assert requestOnItsWay() : this;
    }

    private void bodyDone(T v, Throwable error) {
        if (loop.inLoopThread()) {
            finish(v, error);
        } else {
            later(() -> finish(v, error)); // a foreign stage completed on another thread
        }
    }

    /** Ends the task: a remembered request turns a normal end into a cancelled one (asyncio's {@code _must_cancel}). */
    @SuppressWarnings("unchecked") // callbacks holds this task's own consumers
    private void finish(T v, Throwable error) {
        Throwable cause = unwrap(error);
        Object toRun;
        synchronized (this) {
            if (state == DONE) return;
            if (cause == null && cancelRequested) {
                cancelled = true;
                failure = new CancellationException(cancelMessage);
            } else if (cause instanceof CancellationException) {
                cancelled = true;
                failure = cause;
            } else if (cause != null) {
                failure = cause;
            } else {
                value = v;
            }
            cancelRequested = false;
            state = DONE;
            toRun = callbacks;
            callbacks = null;
        }
        newestAwaitPoint = null;
        ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
        if (older != null) {
            // Emptied, not only dropped: a task that made many children has a large array here,
            // which G1 allocates in the old generation (a humongous object); left full, its dead
            // copy would keep every child's future, and all they reach, alive through young
            // collections until the next marking cycle.
            older.clear();
            olderAwaitPoints = null;
        }
        loop.taskFinished(this);
        if (failure != null && !cancelled) {
            UnretrievedFailure report = new UnretrievedFailure(loop, name(), failure, createdAt);
            report.retrieved = retrieved;
            unretrieved = report;
            UnretrievedFailure.CLEANER.register(this, report);
        }
        // One loop callback for the task's future and its done callbacks: scheduled one after the
        // other, they would run in this order anyway, with nothing in between.
        Object callbacksToRun = toRun;
        later(() -> {
            if (failure == null) result.completeInternal(value);
            else result.failInternal(failure);
            if (callbacksToRun instanceof CallbackList<?> several) {
                for (Consumer<? super Task<T>> callback : ((CallbackList<T>) several)) runDoneCallback(callback);
            } else if (callbacksToRun != null) {
                runDoneCallback((Consumer<? super Task<T>>) callbacksToRun);
            }
        });
    }

    /** A done callback that throws is reported to the loop's handler, as a failing loop callback is; the others still run. */
    private void runDoneCallback(Consumer<? super Task<T>> callback) {
        try {
            callback.accept(this);
        } catch (Throwable error) {
            loop.reportError(error);
        }
    }

    /** Several done callbacks, in registration order. */
    private static final class CallbackList<T> extends ArrayList<Consumer<? super Task<T>>> {
    }

    /**
     * {@link EventLoop#close()} found this task unfinished: nothing will run it again. Its pending
     * await points are cancelled first, newest first (a waiter's grant passes on, and the chain's
     * handlers run now, on the closing thread), so that a grant racing the close either reaches the
     * chain or comes back; then the task ends cancelled, unless the chain ended it meanwhile.
     */
    void loopClosed() {
        List<LibraryFuture<?>> pending = new ArrayList<>();
        LibraryFuture<?> newest = newestAwaitPoint;
        if (newest != null && !newest.isDone()) pending.add(newest);
        ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
        if (older != null) {
            for (int i = older.size() - 1; i >= 0; i--) if (!older.get(i).isDone()) pending.add(older.get(i));
        }
        for (LibraryFuture<?> f : pending) f.requestCancel("event loop is closed");
        finish(null, new CancellationException("event loop is closed"));
    }

    /** Runs {@code r} on a later iteration; on a closed loop, now (nobody must wait forever). */
    private void later(LoopWork r) {
        if (!loop.isClosed()) {
            try {
                loop.schedule(r);
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // run it here
            }
        }
        r.run();
    }

    // ------------------------------------------------------------------------------------------
    // Await points (loop thread)

    /** {@link AwaitPoints#created}: {@code f} is now this task's latest await point. */
    void awaitPointCreated(LibraryFuture<?> f) {
        f.task = this;
        LibraryFuture<?> newest = newestAwaitPoint;
        if (newest != null && !newest.isDone()) {
            ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
            if (older == null) olderAwaitPoints = older = new ArrayList<>(4);
            pruneDone(older);
            older.add(newest);
        }
        newestAwaitPoint = f;
        if (cancelRequested) scheduleDelivery();
        assert requestOnItsWay() : this;
    }

    /** {@link AwaitPoints#forget}. */
    void awaitPointForgotten(LibraryFuture<?> f) {
        if (newestAwaitPoint == f) {
            newestAwaitPoint = null;
            return;
        }
        ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
        if (older != null) older.remove(f);
    }

    /** The most recently created await point still pending, or null. */
    private LibraryFuture<?> awaitPoint() {
        LibraryFuture<?> newest = newestAwaitPoint;
        if (newest != null && !newest.isDone()) return newest;
        newestAwaitPoint = null;
        ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
        if (older == null) return null;
        pruneDone(older);
        return older.isEmpty() ? null : older.get(older.size() - 1);
    }

    /**
     * {@link #awaitPoint()} without pruning, for {@link TaskGraph}: exact on the loop's thread, a
     * best-effort read from another (the lists belong to the loop's thread).
     */
    LibraryFuture<?> awaitPointSnapshot() {
        LibraryFuture<?> newest = newestAwaitPoint;
        if (newest != null && !newest.isDone()) return newest;
        ArrayList<LibraryFuture<?>> older = olderAwaitPoints;
        try {
            for (int i = older == null ? -1 : older.size() - 1; i >= 0; i--) {
                LibraryFuture<?> f = older.get(i);
                if (f != null && !f.isDone()) return f;
            }
        } catch (RuntimeException raced) {
            // the loop's thread changed the list under a reader on another thread
        }
        return null;
    }

    /** False until the first step has begun (for {@link TaskGraph}). */
    boolean isStarted() {
        return state != NEW;
    }

    private static void pruneDone(ArrayList<LibraryFuture<?>> list) {
        for (int i = list.size() - 1; i >= 0 && list.get(i).isDone(); i--) list.remove(i);
    }

    /**
     * Completes {@code f}, one of this task's futures: the task resumes. Its dependent stages run
     * as this task. A remembered request is delivered here if {@code f} is the await point: a
     * cancellation arriving merges with it, and a result is dropped if {@code f} allows it.
     */
    boolean resume(LibraryFuture<?> f, Object v, Throwable error) {
        if (state != STARTED || !loop.inLoopThread()) return f.settleNow(v, error);
        Task<?> previous = loop.currentTask;
        if (cancelRequested && previous != this && f == awaitPoint()) {
            synchronized (this) {
                if (cancelRequested && unwrap(error) instanceof CancellationException) {
                    cancelRequested = false; // several requests, one CancellationException
                } else if (cancelRequested && f.lateCancellationWins()) {
                    cancelRequested = false;
                    v = null;
                    error = new CancellationException(cancelMessage);
                }
            }
        }
        loop.currentTask = this;
        try {
            return f.settleNow(v, error);
        } finally {
            loop.currentTask = previous;
            if (cancelRequested && state == STARTED) scheduleDelivery();
            assert requestOnItsWay() : this;
        }
    }

    private void scheduleDelivery() {
        synchronized (this) {
            if (!markDeliveryScheduled()) return;
        }
        postDelivery();
    }

    /** Marks a delivery as scheduled, in the same critical section as the request it is for; false if one already is. Guarded by this. */
    private boolean markDeliveryScheduled() {
        if (deliveryScheduled) return false;
        deliveryScheduled = true;
        return true;
    }

    /** Queues the delivery that {@link #markDeliveryScheduled()} marked. */
    private void postDelivery() {
        if (loop.isClosed()) return;
        try {
            loop.schedule(this::deliver);
        } catch (IllegalStateException closedMeanwhile) {
            // nothing will run again
        }
    }

    /**
     * The invariant (class doc) as it stands at the end of every step but a delivery: a started
     * task that remembers a request has a delivery scheduled.
     */
    private synchronized boolean requestOnItsWay() {
        return state != STARTED || !cancelRequested || deliveryScheduled;
    }

    /** Passes a remembered request to the await point, if there is one that takes it. Loop thread. */
    private void deliver() {
        String message;
        synchronized (this) {
            deliveryScheduled = false;
            if (!cancelRequested || state != STARTED) return;
            message = cancelMessage;
        }
        LibraryFuture<?> f = awaitPoint();
        if (f == null) return;
        boolean taken;
        delivering = true; // a cancel() of this task from inside is this request back round a cycle of awaits
        try {
            taken = f.requestCancel(message);
        } finally {
            delivering = false;
        }
        if (taken) {
            synchronized (this) {
                cancelRequested = false;
            }
        }
    }

    /**
     * The failure of a task awaiting itself (asyncio: {@code RuntimeError: Task cannot await on
     * itself}, raised at the await), or null if {@code awaited} is neither the task running on
     * this thread nor its {@link #toCompletableFuture()}.
     */
    static IllegalStateException selfAwait(CompletionStage<?> awaited) {
        Task<?> current = current();
        if (current == null || Stages.asTask(awaited) != current) return null;
        return new IllegalStateException("Task cannot await on itself: " + current);
    }

    // ------------------------------------------------------------------------------------------
    // Cancellation

    /**
     * {@link #cancel(String)} with no message. asyncio: {@code Task.cancel()}.
     *
     * @return true if the request was taken (the task was not done)
     */
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Requests cancellation. asyncio: {@code Task.cancel(msg)}. Done: returns false. Otherwise
     * {@link #cancelling()} goes up by one and it returns true, on every call; the request is
     * delivered as the class doc says, and never runs the task's code inside this call. Several
     * requests before delivery give one {@link CancellationException}, carrying {@code message}.
     * Right after it returns, {@link #isDone()} and {@link #isCancelled()} are still false.
     *
     * <p>One exception: a call that reaches this task while its own request is being passed to its
     * await point, on the loop's thread, is that request come back round a cycle of awaits (this
     * task awaits a task that awaits this one). It returns false and counts nothing: the future
     * in the cycle that passed it on sees it refused (a {@link Asyncio#wrapFuture} wrapper then
     * ends cancelled itself, and the cycle with it). asyncio recurses until {@code RecursionError}.
     *
     * @param message the message of the {@link CancellationException}, or null
     * @return true if the request was taken; false if the task is done, or the request is this
     *     task's own, come back round a cycle of awaits
     */
    public boolean cancel(String message) {
        if (loop.inLoopThread() && delivering) return false;
        boolean deliverNow, post = false;
        synchronized (this) {
            if (state == DONE) return false;
            cancelCount++;
            cancelMessage = message;
            cancelRequested = true;
            deliverNow = state == STARTED && loop.inLoopThread() && loop.currentTask != this;
            // Marked with the request, so that the invariant holds whenever the loop's thread looks.
            if (state == STARTED && !deliverNow) post = markDeliveryScheduled();
        }
        if (deliverNow) deliver();
        else if (post) postDelivery();
        return true;
    }

    /** = {@link #cancel()}: a request; the flag means nothing to a task. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * The number of cancel requests not withdrawn. asyncio: {@code Task.cancelling()}.
     *
     * @return the number of requests
     */
    public synchronized int cancelling() {
        return cancelCount;
    }

    /**
     * Withdraws one cancel request and returns the new count, never below 0. asyncio:
     * {@code Task.uncancel()}. Reaching 0 also withdraws a request not yet delivered [3.13+].
     * Whoever requested a cancellation and caught its exception calls this (Timeout and TaskGroup do).
     *
     * @return the number of requests left
     */
    public synchronized int uncancel() {
        if (cancelCount > 0) {
            cancelCount--;
            if (cancelCount == 0) cancelRequested = false;
        }
        return cancelCount;
    }

    // ------------------------------------------------------------------------------------------
    // Outcome

    /** True once the task has ended. asyncio: {@code Task.done()}. */
    @Override
    public boolean isDone() {
        return state == DONE;
    }

    /** True once the task has ended cancelled (not when a request is made). asyncio: {@code Task.cancelled()}. */
    @Override
    public synchronized boolean isCancelled() {
        return state == DONE && cancelled;
    }

    /**
     * The task's result. asyncio: {@code Task.result()}. Failed: rethrows the failure, unchecked as
     * it is, checked inside a {@link CompletionException}. Cancelled: {@link CancellationException}
     * with the cancel message.
     *
     * @return the task's result
     * @throws IllegalStateException if the task is not done
     */
    public T result() {
        synchronized (this) {
            if (state != DONE) throw new IllegalStateException("Result is not set.");
        }
        markRetrieved();
        if (cancelled) throw new CancellationException(failure.getMessage());
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new CompletionException(failure);
        return value;
    }

    /**
     * The task's failure, or null if it succeeded. asyncio: {@code Task.exception()}.
     *
     * @return the failure, or null
     * @throws IllegalStateException if the task is not done
     * @throws CancellationException if it was cancelled
     */
    public Throwable exception() {
        synchronized (this) {
            if (state != DONE) throw new IllegalStateException("Exception is not set.");
        }
        markRetrieved();
        if (cancelled) throw new CancellationException(failure.getMessage());
        return failure;
    }

    /** The outcome's failure for the library's own listeners: the CancellationException if cancelled, null if it succeeded. */
    Throwable failureOrNull(boolean retrieve) {
        // A task that succeeded never reports its failure: no volatile write for each gathered child.
        if (retrieve && (state != DONE || failure != null)) markRetrieved(); // state first: it publishes failure
        return failure;
    }

    T valueOrNull() {
        return value;
    }

    private void markRetrieved() {
        retrieved = true;
        UnretrievedFailure report = unretrieved;
        if (report != null) report.retrieved = true;
    }

    /** The action the Cleaner runs for a failed task (tests call it directly); null unless the task failed. */
    Runnable unretrievedReport() {
        return unretrieved;
    }

    /**
     * Adds a callback run with this task once it is done. asyncio: {@code Task.add_done_callback()}.
     * It runs on the loop, on a later iteration than the completion, never inline; callbacks run in
     * registration order, each scheduled separately. Added to a finished task, it is scheduled at once.
     *
     * @param callback called with this task, on the loop's thread
     */
    @SuppressWarnings("unchecked") // callbacks holds this task's own consumers
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (state != DONE) {
                Object registered = callbacks;
                if (registered == null) {
                    callbacks = callback;
                } else if (registered instanceof CallbackList<?> several) {
                    ((CallbackList<T>) several).add(callback);
                } else {
                    CallbackList<T> several = new CallbackList<>();
                    several.add((Consumer<? super Task<T>>) registered);
                    several.add(callback);
                    callbacks = several;
                }
                return;
            }
        }
        later(() -> callback.accept(this));
    }

    /**
     * Removes every registration of {@code callback} not yet scheduled; true if there was one.
     * asyncio: {@code Task.remove_done_callback()}.
     *
     * @param callback the callback to remove
     * @return true if a registration was removed
     */
    public synchronized boolean removeDoneCallback(Consumer<? super Task<T>> callback) {
        Object registered = callbacks;
        if (registered instanceof CallbackList<?> several) return several.removeIf(c -> c.equals(callback));
        if (registered == null || !registered.equals(callback)) return false;
        callbacks = null;
        return true;
    }

    /**
     * Blocks until the task is done (for threads other than the loop's). {@code Future.get()}.
     *
     * @throws IllegalStateException on the loop's thread while the task is not done: it would block forever
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkNotBlockingTheLoop();
        if (!isDone()) awaitQuietly(() -> result.get());
        return outcomeForGet();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkNotBlockingTheLoop();
        if (!isDone()) {
            try {
                result.get(timeout, unit);
            } catch (ExecutionException | CancellationException ended) {
                // read below
            }
        }
        return outcomeForGet();
    }

    private void checkNotBlockingTheLoop() {
        if (!isDone() && loop.inLoopThread()) {
            throw new IllegalStateException("get() on the loop's thread would block it: compose on the task instead");
        }
    }

    private interface Blocking {
        void run() throws InterruptedException, ExecutionException;
    }

    private static void awaitQuietly(Blocking wait) throws InterruptedException {
        try {
            wait.run();
        } catch (ExecutionException | CancellationException ended) {
            // read by the caller
        }
    }

    private T outcomeForGet() throws ExecutionException {
        markRetrieved();
        if (cancelled) throw new CancellationException(failure.getMessage());
        if (failure != null) throw new ExecutionException(failure);
        return value;
    }

    /**
     * The task as a {@code CompletableFuture}: the same object on every call. It completes one
     * iteration after the task ends, so its dependent stages run on a later iteration than the
     * end. Its {@code cancel} is the task's (a request). It is an await point of the task that
     * created this one.
     */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return result;
    }

    /** Where {@link ForwardingStage} sends every {@code CompletionStage} method: the task's future. */
    @Override
    CompletionStage<T> stage() {
        return result;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Task[").append(name()).append(", ");
        synchronized (this) {
            if (state != DONE) {
                s.append(state == NEW ? "pending" : "running");
                if (cancelCount > 0) s.append(", cancelling:").append(cancelCount);
            } else if (cancelled) {
                s.append("cancelled");
            } else if (failure != null) {
                s.append("failed: ").append(failure);
            } else {
                s.append("done, result=").append(value);
            }
        }
        return s.append(']').toString();
    }

    static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) error = error.getCause();
        return error;
    }

    /** The task's {@link #toCompletableFuture()}: its cancel is the task's, and depending on it retrieves a failure. */
    final class TaskFuture extends LibraryFuture<T> {
        TaskFuture(boolean awaitPoint) {
            super(awaitPoint, Cancel.REQUEST, LateCancel.LOSES);
        }

        Task<T> source() {
            return Task.this;
        }

        /** The task's request; {@code cancel()} is {@code requestCancel(null)}, the task's {@code cancel()}. */
        @Override
        boolean requestCancel(String message) {
            return Task.this.cancel(message);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            markRetrieved();
            return super.newIncompleteFuture();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            markRetrieved();
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            markRetrieved();
            return super.get(timeout, unit);
        }

        @Override
        public T join() {
            markRetrieved();
            return super.join();
        }

        @Override
        public T getNow(T valueIfAbsent) {
            markRetrieved();
            return super.getNow(valueIfAbsent);
        }
    }
}
