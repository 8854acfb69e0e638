package dev.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every pending future that asyncio4j returns is one of these: the single place where library
 * futures are created, so that a task can find the future it waits on (its await point) and
 * deliver its cancellation there.
 *
 * <p>Subclasses complete through {@link #completeInternal}/{@link #failInternal}; the public
 * {@code complete}/{@code completeExceptionally} of a waiter future are a caller's way to give up
 * the wait (as {@code orTimeout} does), not the library's way to deliver a result.
 * Stages that depend on a library future ({@code thenApply}, ...) are plain
 * {@code CompletableFuture}s. {@code obtrudeValue}/{@code obtrudeException} are refused.
 *
 * <h2>States</h2>
 * <pre>
 *   PENDING --completeInternal / failInternal (as the owning task's resumption)--&gt; DONE
 *   PENDING --cancel(), IMMEDIATE kind: at once, then onCancel()------------------&gt; DONE (cancelled)
 *   PENDING --requestCancel() taken by the default: onCancel() now--&gt; CANCELLING --a later iteration--&gt; DONE (cancelled)
 * </pre>
 * In CANCELLING the library's own completion is ignored. A future that passes the request down
 * stays PENDING and ends with the outcome of the work it passed it to.
 *
 * <h2>Await points</h2>
 * A library future created while a task runs belongs to that task ({@link #task}): it is one of
 * the task's await points, and its completion is the task's resumption: its dependent stages run
 * with {@link Task#current()} set to the task, and a cancellation the task could not deliver
 * earlier may win over the result there (see {@link #lateCancellationWins()}).
 *
 * <h2>Cancellation</h2>
 * Two properties, each declared once, by the constructor: they are orthogonal.
 * <ul>
 *   <li>{@link Cancel}, what {@code cancel(boolean)} does (the two kinds of cancel of docs/design.md):
 *       {@link Cancel#IMMEDIATE} completes the future at once, as {@code CompletableFuture.cancel}
 *       does, and runs {@link #onCancel()}; {@link Cancel#REQUEST} is {@link #requestCancel}
 *       (asyncio's cancel: the future completes after the cleanup); {@link Cancel#REQUEST_TO_TASK}
 *       is a request to the task that runs the block the future stands for.</li>
 *   <li>{@link LateCancel}, whether a cancellation of the awaiting task that arrives after the
 *       future finished waiting, but before the task resumed, replaces its outcome.</li>
 * </ul>
 * {@link #requestCancel} is how a task's cancellation reaches its await point (whatever the
 * kind); a future that passes the request down to other work overrides it, and only it. The
 * default runs {@link #onCancel()} at once and completes the future with
 * {@link CancellationException} on a later iteration. Three futures override
 * {@code cancel(boolean)} as well: {@link WaiterFuture}, whose immediate cancel succeeds only if
 * its waiter can be withdrawn; {@code Guard}'s, which cancels the acquire first so that the
 * acquire's failure ends it; and Condition's wait, whose override spells out the
 * {@link Cancel#REQUEST} kind.
 *
 * <pre>
 * future (made by)                       cancel()         late cancel      the task's request goes to
 * -------------------------------------  ---------------  ---------------  ----------------------------------------------
 * Sleep (sleep)                          IMMEDIATE        WINS             itself; its timer is cancelled
 * Wait (wait)                            IMMEDIATE        WINS             itself; its timer is cancelled, the inputs never
 * the job's (runInExecutor, toThread)    IMMEDIATE        WINS             itself; a job not yet started never runs
 * WaiterFuture (acquireAsync, getAsync,  IMMEDIATE        LOSES: a grant   its waiter: withdrawn, or its grant passed on;
 *   putAsync, Event/Barrier waitAsync)                                     refused once the grant has resumed
 * Guard's (withLockAsync)                IMMEDIATE        LOSES: a grant   the acquire while it is pending, else itself
 * the copy (shield, asCompleted)         IMMEDIATE        as its inputs    itself; the inputs never
 * Wrapped (wrapFuture)                   IMMEDIATE        as the foreign   the foreign stage while it is pending (the
 *                                                         stage            wrapper then takes its outcome), else itself
 * Condition's wait (waitAsync,           REQUEST          LOSES: the lock  the signal wait; it ends once the lock is held
 *   waitForAsync)                                                          again
 * Task.TaskFuture (toCompletableFuture)  REQUEST          LOSES: shared    the task
 * Gather (gather)                        REQUEST          as its children  every unfinished child
 * WaitFor (waitFor)                      REQUEST          as aw            aw
 * Timeout's block (timeout)              REQUEST_TO_TASK  LOSES            refused: the body's own await points get it
 * TaskGroup's run (TaskGroup.run)        REQUEST_TO_TASK  LOSES            the children: the group aborts, keeps waiting
 * </pre>
 * "itself": the default {@link #requestCancel}, the future ends cancelled on a later iteration.
 * "as ...": WINS unless one of the forwarded stages is a grant ({@link #outcomeMayBeDropped});
 * a task's shared future LOSES as an await point, but a future forwarding it may drop it.
 *
 * <h2>Threads</h2>
 * Completion and cancellation are thread-safe, as {@code CompletableFuture}'s. {@link #task} is
 * written once, on the loop's thread, before the future is returned.
 *
 * <h2>asyncio differs</h2>
 * An asyncio future's {@code cancel()} is always immediate; asyncio's task-like objects
 * ({@code Task}, {@code gather}'s future) take a request. asyncio4j says which per future, by
 * its kind; and asyncio never delivers a grant that a late cancellation could drop, because its
 * waiters take the lock or the item only when they resume.
 */
class LibraryFuture<T> extends CompletableFuture<T> {

    /** What {@code cancel(boolean)} does: the two kinds of cancel of docs/design.md, the request with two targets. */
    enum Cancel {
        /** A simple wait: {@code cancel()} completes the future at once and stops its work ({@link #onCancel()}). */
        IMMEDIATE,
        /** The future stands for other work: {@code cancel()} is {@link #requestCancel}, passed down to it. */
        REQUEST,
        /**
         * The future stands for a block of the task that awaits it ({@code timeout},
         * {@code TaskGroup.run}): {@code cancel()} is a request to that task, which reaches the
         * block's current await point.
         */
        REQUEST_TO_TASK
    }

    /**
     * Whether a cancellation of the owning task that arrives after the future finished waiting,
     * but before the task resumed, replaces its outcome with {@link CancellationException}
     * (asyncio: "the cancellation wins"; the result is dropped).
     */
    enum LateCancel {
        /** The outcome is dropped: nothing is handed over. */
        WINS,
        /**
         * The outcome is delivered: a grant (a lock, an item), a future others share, or the end of
         * a block; the request then reaches the task's next await point.
         */
        LOSES;

        /** For a future that forwards {@code stage}'s outcome: WINS if it may be dropped ({@link #outcomeMayBeDropped}). */
        static LateCancel as(CompletionStage<?> stage) {
            return outcomeMayBeDropped(stage) ? WINS : LOSES;
        }

        /** For a future that forwards the outcomes of {@code stages}: WINS if none is a grant. */
        static LateCancel asAll(Iterable<? extends CompletionStage<?>> stages) {
            for (CompletionStage<?> stage : stages) {
                if (!outcomeMayBeDropped(stage)) return LOSES;
            }
            return WINS;
        }
    }

    /** The task whose await point this is, or null. Set once, by {@link AwaitPoints#created}, on the loop thread. */
    Task<?> task;
    /** A cancellation request was taken: the future completes with it on a later iteration. */
    private volatile boolean cancelScheduled;
    // The declared kind and late-cancel rule, as booleans rather than enum references: a waiter
    // future, the commonest library future, stays within 32 bytes.
    private final boolean cancelIsRequest;
    private final boolean requestGoesToTask;
    private final boolean lateCancellationWins;

    /** A simple wait whose outcome may be a grant: {@link Cancel#IMMEDIATE}, {@link LateCancel#LOSES}. */
    LibraryFuture() {
        this(Cancel.IMMEDIATE, LateCancel.LOSES);
    }

    LibraryFuture(Cancel kind, LateCancel late) {
        this(true, kind, late);
    }

    /** For a creator that already looked up the loop running on this thread (null if none): one thread-local read less. */
    LibraryFuture(EventLoop running, Cancel kind, LateCancel late) {
        this(false, kind, late);
        AwaitPoints.created(this, running);
    }

    /** @param awaitPoint false: never an await point of the task creating it (a task group's child) */
    LibraryFuture(boolean awaitPoint, Cancel kind, LateCancel late) {
        this.cancelIsRequest = kind != Cancel.IMMEDIATE;
        this.requestGoesToTask = kind == Cancel.REQUEST_TO_TASK;
        this.lateCancellationWins = late == LateCancel.WINS;
        if (awaitPoint) AwaitPoints.created(this);
    }

    /** Completes normally on behalf of the library; ignored once a cancellation request was taken. */
    boolean completeInternal(T value) {
        return !cancelScheduled && settle(value, null);
    }

    /** Completes exceptionally on behalf of the library; ignored once a cancellation request was taken. */
    boolean failInternal(Throwable error) {
        return !cancelScheduled && settle(null, error);
    }

    /** Completes, as the resumption of the owning task if there is one. */
    private boolean settle(T value, Throwable error) {
        Task<?> owner = task;
        return owner != null ? owner.resume(this, value, error) : settleNow(value, error);
    }

    /** Completes now, with no task bookkeeping. */
    final boolean settleNow(Object value, Throwable error) {
        @SuppressWarnings("unchecked") T v = (T) value;
        return error == null ? super.complete(v) : super.completeExceptionally(error);
    }

    /**
     * A cancellation request from the task that awaits this future (asyncio: {@code Task.cancel()}
     * reaching the awaited future), and {@code cancel()} of the {@link Cancel#REQUEST} kind. The one
     * method a future that passes the request down overrides (see the table in the class doc).
     * Default: runs {@link #onCancel()} now and completes with {@link CancellationException} on a
     * later iteration, so that the awaiting chain never runs inside the {@code cancel()} call.
     *
     * @return true if the request was taken; false if the future is done or already cancelling
     */
    boolean requestCancel(String message) {
        synchronized (this) {
            if (isDone() || cancelScheduled) return false;
            cancelScheduled = true;
        }
        onCancel();
        CancellationException cancelled = new CancellationException(message);
        Task<?> owner = task;
        EventLoop loop = owner != null ? owner.loop() : EventLoop.currentOrNull();
        if (loop != null && !loop.isClosed()) {
            try {
                loop.schedule(() -> settle(null, cancelled));
                return true;
            } catch (IllegalStateException closedMeanwhile) {
                // complete here instead
            }
        }
        settle(null, cancelled);
        return true;
    }

    /** Stops the work behind this future once it is cancelled, by either kind (a timer, a job, a wrapped stage). Default: nothing. */
    void onCancel() {
    }

    /**
     * True if a cancellation of the owning task that arrives after this future finished waiting but
     * before the task resumed may replace its outcome with {@link CancellationException}: the
     * {@link LateCancel} its constructor declared. False for a future whose value hands something
     * over (a lock, an item), or that others share: it must deliver it; the request then reaches
     * the task's next await point instead.
     */
    final boolean lateCancellationWins() {
        return lateCancellationWins;
    }

    /**
     * True if a cancellation that arrives after {@code stage} completed, but before its awaiter saw
     * it, may drop its outcome: what a future that forwards {@code stage} ({@code waitFor}, a
     * {@code timeout} deadline, {@code gather}, {@code wrapFuture}, {@code shield}) may do with it.
     * A library future says so itself ({@link #lateCancellationWins()}: never for a grant, which
     * must then be delivered, the cancellation going on to the next await point); a task's result
     * may be dropped, as asyncio drops it for the awaiting task's cancellation; so may a foreign
     * stage's, which the library cannot know to hold anything.
     */
    static boolean outcomeMayBeDropped(CompletionStage<?> stage) {
        if (Stages.asTask(stage) != null) return true;
        return !(stage instanceof LibraryFuture<?> library) || library.lateCancellationWins();
    }

    /**
     * As the {@link Cancel} kind declared: {@link Cancel#IMMEDIATE} completes now and runs
     * {@link #onCancel()}; {@link Cancel#REQUEST} is {@link #requestCancel}; {@link Cancel#REQUEST_TO_TASK}
     * is a request to the task running the block.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (cancelIsRequest) return requestGoesToTask ? task.cancel() : requestCancel(null);
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) onCancel();
        return cancelled;
    }

    /**
     * Refused on every library future: forcing its outcome could hide a lock, permit or item its
     * caller holds, or report one it does not (a condition wait forced to fail still re-acquires
     * its lock), and the work behind it would go on regardless.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("the library decides this future's outcome; cancel it instead");
    }

    /**
     * Refused, as {@link #obtrudeValue}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeException(Throwable error) {
        obtrudeValue(null);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
