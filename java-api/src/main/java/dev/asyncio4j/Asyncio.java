package dev.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * asyncio's module-level functions: {@code asyncio.run}, {@code create_task}, {@code sleep},
 * {@code gather}, {@code wait_for}, {@code timeout}, {@code shield}, {@code wait},
 * {@code as_completed}, {@code to_thread}, {@code wrap_future}.
 *
 * <p>They work on {@link EventLoop#running()}. With no running loop on the calling thread,
 * {@link #createTask} and {@link #asCompleted} throw {@link IllegalStateException}, and the
 * others return a future failed with it. Bad arguments (null) fail the future the same way.
 *
 * <p>The futures they return are library futures: await points of the calling task, which its
 * cancellation reaches. {@code gather}, {@code waitFor} and {@code timeout} treat {@code cancel()}
 * as a request (asyncio's cancel): it passes down to what they wait on, and the future completes
 * with {@link CancellationException} once that is done. The others follow
 * {@code CompletableFuture.cancel}. Completions of what they wait on are seen on a later
 * iteration, as asyncio's done callbacks are.
 *
 * <h2>Threads</h2>
 * Call them on a loop's thread (for {@link #timeout} and {@link TaskGroup}: inside a task); they
 * act on the loop running there. Unlike asyncio's, what they wait on may complete on any thread
 * or on another loop: its outcome is delivered through the calling loop.
 */
public final class Asyncio {
    private Asyncio() {
    }

    // ------------------------------------------------------------------------------------------
    // run, createTask

    /**
     * Runs {@code main} on a new loop on this thread and returns its result. asyncio:
     * {@code asyncio.run(main())}. Whatever main did, it then cancels every unfinished task of
     * the loop and runs the loop until they have ended, reports each one's failure other than
     * cancellation to the loop's exception handler, shuts down the default executor (waiting for
     * its threads) and closes the loop. A failure of main is rethrown: unchecked as it is, checked
     * inside a {@code CompletionException}; a cancelled main throws {@link CancellationException}.
     *
     * @param main the main coroutine: called once, in the first step of the main task
     * @param <T> the type of main's result
     * @return main's result
     * @throws IllegalStateException if a loop is already running on this thread
     */
    public static <T> T run(Supplier<? extends CompletionStage<T>> main) {
        return run(new EventLoop(), main);
    }

    /**
     * {@link #run(Supplier)} on the given loop instead of a new one, which it closes at the end:
     * for instance a loop made by {@link EventLoop#withVirtualClock()}, so that a program's sleeps
     * and timeouts take no real time. asyncio: {@code asyncio.Runner(loop_factory=...).run(main())}.
     * Not part of DESIGN.md's fixed API; an addition.
     *
     * @param <T> the result type
     * @param loop a loop that is not running and not closed; it is closed when this returns
     * @param main the main coroutine
     * @return main's result
     * @throws IllegalStateException if a loop is already running on this thread, or {@code loop}
     *     is running or closed
     */
    public static <T> T run(EventLoop loop, Supplier<? extends CompletionStage<T>> main) {
        Objects.requireNonNull(loop, "loop");
        if (EventLoop.currentOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        Objects.requireNonNull(main, "main");
        try {
            return loop.run(main);
        } finally {
            try {
                cancelLeftovers(loop);
            } finally {
                try {
                    loop.shutdownDefaultExecutorAndWait();
                } finally {
                    loop.close();
                }
            }
        }
    }

    private static void cancelLeftovers(EventLoop loop) {
        List<Task<?>> leftovers = loop.unfinishedTasks();
        if (leftovers.isEmpty() || loop.isClosed()) return;
        for (Task<?> task : leftovers) task.cancel();
        loop.run(() -> gather(true, leftovers.toArray(new CompletionStage<?>[0])));
        for (Task<?> task : leftovers) {
            if (task.isCancelled()) continue;
            Throwable error = task.failureOrNull(true);
            if (error != null) loop.reportError(error);
        }
    }

    /**
     * A task on {@link EventLoop#running()}. asyncio: {@code asyncio.create_task()}.
     *
     * @param coro the coroutine: called in the task's first step, on a later iteration
     * @param <T> the type of the task's result
     * @return the new task, already scheduled
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> coro) {
        return EventLoop.running().createTask(coro);
    }

    // ------------------------------------------------------------------------------------------
    // sleep

    /**
     * {@link #sleep(Duration, Object)} with a null result. asyncio: {@code asyncio.sleep(delay)}.
     *
     * @param delay how long to wait, on the loop's clock
     * @return a future that completes with null once {@code delay} has passed
     */
    public static CompletableFuture<Void> sleep(Duration delay) {
        return sleep(delay, null);
    }

    /**
     * Completes with {@code result} after {@code delay} on the loop's clock. asyncio:
     * {@code asyncio.sleep(delay, result)}. Zero or negative: yields exactly one iteration.
     * Cancelling it cancels its timer (a simple cancel: done at once).
     *
     * @param delay how long to wait, on the loop's clock
     * @param result the value to complete with
     * @param <T> the type of {@code result}
     * @return a future that completes with {@code result} once {@code delay} has passed
     */
    public static <T> CompletableFuture<T> sleep(Duration delay, T result) {
        if (delay == null) return CompletableFuture.failedFuture(new NullPointerException("delay"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        return new Sleep<>(loop, delay, result);
    }

    /** A sleep is its own loop callback: one object, and no handle for a zero delay. */
    private static final class Sleep<T> extends LibraryFuture<T> implements Runnable {
        private final T result;
        /** The timer of a positive delay; null for a zero delay (one iteration, nothing to cancel). */
        private final Handle timer;

        Sleep(EventLoop loop, Duration delay, T result) {
            super(loop);
            this.result = result;
            if (delay.isNegative() || delay.isZero()) {
                timer = null;
                loop.schedule(this);
            } else {
                timer = loop.callLater(delay, this);
            }
        }

        @Override
        public void run() {
            if (!isDone()) completeInternal(result);
        }

        @Override
        void onCancel() {
            if (timer != null) timer.cancel();
        }

        @Override
        boolean lateCancellationWins() {
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------
    // gather

    /**
     * Waits for every stage; the results in argument order. asyncio: {@code asyncio.gather(*aws)}.
     * The first child to fail or be cancelled completes it with that failure; the others keep
     * running. Cancelling it (a request) cancels every unfinished child, and it fails with
     * {@link CancellationException} once every child has finished.
     *
     * @param aws the stages to wait for: tasks, library futures or any {@code CompletionStage}
     * @param <T> the type of the results
     * @return a future of the results in argument order, or of the first failure
     */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> aws) {
        if (aws == null) return CompletableFuture.failedFuture(new NullPointerException("aws"));
        return (CompletableFuture<List<T>>) (CompletableFuture<?>) gather(false, aws.toArray(new CompletionStage<?>[0]));
    }

    /**
     * {@link #gather(List)}; with {@code returnExceptions}, a failure takes its child's place in
     * the list (a cancelled child: a new {@link CancellationException}) and never ends the gather
     * early. asyncio: {@code asyncio.gather(*aws, return_exceptions=...)}. The same stage passed
     * twice is one child whose result appears at each of its positions. With no inputs it is
     * already complete, with an empty list.
     *
     * @param returnExceptions true: failures take their child's place in the list; false: as
     *     {@link #gather(List)}
     * @param aws the stages to wait for: tasks, library futures or any {@code CompletionStage}
     * @return a future of the results (and, with {@code returnExceptions}, failures) in argument
     *     order
     */
    public static CompletableFuture<List<Object>> gather(boolean returnExceptions, CompletionStage<?>... aws) {
        if (aws == null || Arrays.asList(aws).contains(null)) return CompletableFuture.failedFuture(new NullPointerException("aws"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        if (aws.length == 0) return CompletableFuture.completedFuture(new ArrayList<>());
        return new Gather(loop, returnExceptions, aws);
    }

    /** gather's outer future: children by identity, outcomes seen on a later iteration. */
    private static final class Gather extends CompositeFuture<List<Object>> {
        private final boolean returnExceptions;
        private final List<CompletionStage<?>> children;
        private final int[] childAt;
        private final Object[] values;
        private final Throwable[] errors;
        private int finished;
        private boolean cancelRequested;
        private String cancelMessage;

        Gather(EventLoop loop, boolean returnExceptions, CompletionStage<?>[] aws) {
            this.returnExceptions = returnExceptions;
            this.childAt = new int[aws.length];
            this.children = new ArrayList<>(aws.length);
            Map<CompletionStage<?>, Integer> index = new IdentityHashMap<>(aws.length); // sized: no rehashing
            for (int i = 0; i < aws.length; i++) {
                Integer known = index.get(aws[i]);
                if (known == null) {
                    known = children.size();
                    index.put(aws[i], known);
                    children.add(aws[i]);
                }
                childAt[i] = known;
            }
            values = new Object[children.size()];
            errors = new Throwable[children.size()];
            for (int c = 0; c < children.size(); c++) {
                int child = c;
                whenDone(children.get(c), loop, true, (value, error) -> childDone(child, value, error));
            }
        }

        private void childDone(int child, Object value, Throwable error) {
            finished++;
            values[child] = value;
            errors[child] = error;
            if (isDone()) return; // an earlier failure ended it; later ones are ignored
            if (error != null && !returnExceptions && !cancelRequested) {
                failInternal(error);
                return;
            }
            if (finished < children.size()) return;
            if (cancelRequested) {
                failInternal(new CancellationException(cancelMessage));
                return;
            }
            List<Object> results = new ArrayList<>(childAt.length);
            for (int c : childAt) {
                Throwable e = errors[c];
                results.add(e == null ? values[c] : e instanceof CancellationException ? new CancellationException(e.getMessage()) : e);
            }
            completeInternal(results);
        }

        @Override
        boolean requestCancel(String message) {
            if (isDone()) return false;
            boolean taken = false;
            for (CompletionStage<?> child : children) {
                if (!Asyncio.isDone(child) && Asyncio.requestCancel(child, message)) taken = true;
            }
            if (taken) {
                cancelRequested = true;
                cancelMessage = message;
            }
            return taken;
        }

        /** The list is dropped by a late cancellation only if no child's outcome is a grant. */
        @Override
        boolean lateCancellationWins() {
            for (CompletionStage<?> child : children) {
                if (!LibraryFuture.outcomeMayBeDropped(child)) return false;
            }
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------
    // waitFor, timeout

    /**
     * Waits for {@code aw} at most {@code timeout} (null: no limit). asyncio:
     * {@code asyncio.wait_for(aw, timeout)}. At the deadline {@code aw} is cancelled (a request,
     * for a task), and this completes only once it has finished: ended cancelled →
     * {@link TimeoutException} caused by the {@link CancellationException}; swallowed the
     * cancellation → its value; failed otherwise → that failure. {@code aw} already done: its
     * outcome at once (asyncio does not suspend on a done future). Zero or negative timeout and
     * {@code aw} pending: it is cancelled now. Cancelling this future (a request) cancels
     * {@code aw}.
     *
     * <p>A deadline or a cancellation that comes after {@code aw} completed but before this
     * future saw it: if {@code aw} is a grant (a primitive's {@code acquireAsync}, a queue's
     * {@code getAsync} or {@code putAsync}), the deadline lost the race and the grant is delivered
     * (a cancellation of the awaiting task then reaches its next await point), so the caller is
     * never told "timed out" while it holds a lock, a permit or an item, or while its item is in
     * the queue. Otherwise the cancellation wins and the result is dropped, as in asyncio
     * ({@code TimeoutException} for the deadline).
     *
     * @param aw the stage to wait for; a task or library future gets the cancel request at the
     *     deadline
     * @param timeout the limit, or null for none
     * @param <T> the type of {@code aw}'s result
     * @return a future of {@code aw}'s outcome, or failed with {@link TimeoutException}
     */
    public static <T> CompletableFuture<T> waitFor(CompletionStage<T> aw, Duration timeout) {
        if (aw == null) return CompletableFuture.failedFuture(new NullPointerException("aw"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        // Done already (a fast path: a free lock, an item at hand): its outcome at once, whatever the
        // timeout, as awaiting a done future in asyncio never suspends. A deadline or a cancel that
        // came later could only drop it, and with it a grant the caller would never know it holds.
        if (isDone(aw)) return outcomeOf(aw);
        return new WaitFor<>(loop, aw, timeout);
    }

    private static final class WaitFor<T> extends CompositeFuture<T> {
        private final CompletionStage<T> aw;
        private TimerHandle timer;
        private boolean expired;      // the deadline passed while aw was pending: aw was cancelled
        private boolean lateExpiry;   // the deadline passed after aw completed, before we saw it
        private boolean outsideCancel;
        private boolean mustCancel;
        private String cancelMessage;
        private boolean seen;

        WaitFor(EventLoop loop, CompletionStage<T> aw, Duration timeout) {
            this.aw = aw;
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                deadline();
            } else if (timeout != null) {
                timer = loop.callLater(timeout, this::deadline);
            }
            whenDone(aw, loop, true, this::awDone);
        }

        private void deadline() {
            if (seen || isDone()) return;
            if (Asyncio.isDone(aw)) {
                // Too late to cancel aw. A grant (a lock, a permit, an item taken or placed) is
                // delivered: the deadline lost the race. Anything else is dropped, as in asyncio.
                lateExpiry = LibraryFuture.outcomeMayBeDropped(aw);
            } else {
                expired = true;
                Asyncio.requestCancel(aw, null);
            }
        }

        private void awDone(T value, Throwable error) {
            seen = true;
            if (timer != null) timer.cancel();
            if (mustCancel) {
                failInternal(new CancellationException(cancelMessage));
            } else if (lateExpiry) {
                failInternal(timedOut(new CancellationException()));
            } else if (expired && !outsideCancel && error instanceof CancellationException) {
                failInternal(timedOut(error));
            } else if (error != null) {
                failInternal(error);
            } else {
                completeInternal(value);
            }
        }

        @Override
        boolean requestCancel(String message) {
            if (isDone() || seen || mustCancel) return false;
            if (!Asyncio.isDone(aw) && Asyncio.requestCancel(aw, message)) {
                outsideCancel = true;
                return true;
            }
            // aw completed in this iteration: the cancellation wins, unless aw's outcome is a grant,
            // which is delivered (too late: the request goes on to the task's next await point).
            if (!LibraryFuture.outcomeMayBeDropped(aw)) return false;
            outsideCancel = true;
            mustCancel = true;
            cancelMessage = message;
            return true;
        }

        /** A grant that aw delivers is never dropped by a late cancellation of the awaiting task. */
        @Override
        boolean lateCancellationWins() {
            return LibraryFuture.outcomeMayBeDropped(aw);
        }
    }

    private static TimeoutException timedOut(Throwable cause) {
        TimeoutException timedOut = new TimeoutException("timeout expired");
        timedOut.initCause(cause);
        return timedOut;
    }

    /**
     * Runs {@code body} in the calling task with a deadline {@code delay} from now (null: none).
     * asyncio: {@code async with asyncio.timeout(delay) as t: ...}. At the deadline the task gets
     * a cancel request; if the body then ends with {@link CancellationException} and the
     * cancellation was this timeout's own, the future fails with {@link TimeoutException} instead.
     * See {@link Timeout}. Not inside a task: fails with {@link IllegalStateException}.
     *
     * @param delay the time from now to the deadline, or null for none
     * @param body the block: called at once with its {@link Timeout}; returns the body's stage
     * @param <T> the type of the body's result
     * @return a future of the body's outcome, or failed with {@link TimeoutException}
     */
    public static <T> CompletableFuture<T> timeout(Duration delay, Function<Timeout, ? extends CompletionStage<T>> body) {
        return Timeout.run(delay, body);
    }

    // ------------------------------------------------------------------------------------------
    // shield

    /**
     * Protects {@code aw} from cancellation. asyncio: {@code asyncio.shield(aw)}. Done: a future
     * with the same outcome. Otherwise a new future that copies {@code aw}'s outcome; cancelling
     * it, or the task awaiting it, cancels only it, and {@code aw} keeps running ({@code aw} is
     * never an await point of the caller). If {@code aw} then fails, the loop's exception handler
     * gets the failure, once however many shields over it were cancelled.
     *
     * @param aw the stage to protect
     * @param <T> the type of {@code aw}'s result
     * @return a future with {@code aw}'s outcome whose cancellation does not reach {@code aw}
     */
    public static <T> CompletableFuture<T> shield(CompletionStage<T> aw) {
        if (aw == null) return CompletableFuture.failedFuture(new NullPointerException("aw"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        CompletableFuture<T> inner = toFuture(aw);
        if (inner instanceof LibraryFuture<?> library) AwaitPoints.forget(library);
        if (isDone(aw)) return outcomeOf(aw);
        Mirror<T> outer = new Mirror<>(LibraryFuture.outcomeMayBeDropped(aw));
        whenDone(aw, loop, true, (value, error) -> {
            if (error == null) {
                outer.completeInternal(value);
            } else if (!outer.failInternal(error) && !(error instanceof CancellationException)) {
                reportShieldedFailure(loop, asTask(aw) != null ? asTask(aw) : aw, error);
            }
        });
        return outer;
    }

    private static final Set<Object> REPORTED_SHIELDED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private static void reportShieldedFailure(EventLoop loop, Object shielded, Throwable error) {
        if (REPORTED_SHIELDED.add(shielded)) loop.reportError(error);
    }

    /** A future that takes another's outcome; a simple cancel. */
    private static final class Mirror<T> extends LibraryFuture<T> {
        /** False if the outcome it takes may be a grant (see {@link LibraryFuture#outcomeMayBeDropped}). */
        private final boolean mayBeDropped;

        Mirror(boolean mayBeDropped) {
            this.mayBeDropped = mayBeDropped;
        }

        @Override
        boolean lateCancellationWins() {
            return mayBeDropped;
        }
    }

    // ------------------------------------------------------------------------------------------
    // wait, asCompleted

    /**
     * Waits until {@code returnWhen} holds or {@code timeout} (null: none) passes, and returns the
     * inputs split into done and pending. asyncio: {@code asyncio.wait(aws, timeout, return_when)}.
     * Never raises {@link TimeoutException} and never cancels an input; cancelling the returned
     * future cancels only the wait. The sets are computed on a later iteration than the call, even
     * if every input is already done. Duplicates count once. No inputs: fails with
     * {@link IllegalArgumentException}.
     *
     * @param aws the inputs: not empty; duplicates count once
     * @param timeout the longest wait, or null for none
     * @param returnWhen when to return
     * @param <T> the type of the inputs' results
     * @return a future of the inputs split into done and pending
     */
    public static <T> CompletableFuture<WaitResult<T>> wait(Collection<? extends CompletionStage<T>> aws,
                                                            Duration timeout, ReturnWhen returnWhen) {
        if (aws == null || returnWhen == null) return CompletableFuture.failedFuture(new NullPointerException(aws == null ? "aws" : "returnWhen"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        if (aws.isEmpty()) return CompletableFuture.failedFuture(new IllegalArgumentException("Set of awaitables is empty."));
        Set<CompletableFuture<T>> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletableFuture<T>> ordered = new ArrayList<>();
        for (CompletionStage<T> aw : aws) {
            if (aw == null) return CompletableFuture.failedFuture(new NullPointerException("aws contains null"));
            CompletableFuture<T> f = toFuture(aw);
            if (inputs.add(f)) ordered.add(f);
        }
        return new Wait<>(loop, ordered, timeout, returnWhen);
    }

    private static final class Wait<T> extends LibraryFuture<WaitResult<T>> {
        private final List<CompletableFuture<T>> inputs;
        private final ReturnWhen returnWhen;
        private final TimerHandle timer;

        Wait(EventLoop loop, List<CompletableFuture<T>> inputs, Duration timeout, ReturnWhen returnWhen) {
            this.inputs = inputs;
            this.returnWhen = returnWhen;
            this.timer = timeout == null ? null : loop.callLater(timeout, this::finish);
            if (satisfied()) {
                loop.schedule(this::finish);
            } else {
                for (CompletableFuture<T> f : inputs) whenDone(f, loop, false, (v, e) -> { if (!isDone() && satisfied()) finish(); });
            }
        }

        private boolean satisfied() {
            boolean all = true;
            for (CompletableFuture<T> f : inputs) {
                if (!f.isDone()) {
                    all = false;
                } else if (returnWhen == ReturnWhen.FIRST_COMPLETED) {
                    return true;
                } else if (returnWhen == ReturnWhen.FIRST_EXCEPTION && failureOf(f) != null
                    && !(failureOf(f) instanceof CancellationException)) {
                    return true;
                }
            }
            return all;
        }

        private void finish() {
            if (isDone()) return;
            if (timer != null) timer.cancel();
            Set<CompletableFuture<T>> done = new LinkedHashSet<>(), pending = new LinkedHashSet<>();
            for (CompletableFuture<T> f : inputs) (f.isDone() ? done : pending).add(f);
            completeInternal(new WaitResult<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending)));
        }

        @Override
        void onCancel() {
            if (timer != null) timer.cancel();
        }

        @Override
        boolean lateCancellationWins() {
            return true;
        }
    }

    /**
     * One future per distinct input; the k-th completes with the outcome of the k-th input to
     * complete. asyncio: {@code asyncio.as_completed(aws, timeout=...)}. The timeout runs from
     * this call; at expiry every future not yet completed fails with {@link TimeoutException}.
     * Inputs are never cancelled. The futures are await points of the calling task, the first
     * one being the most recent, so that a task awaiting them in order is cancelled where it waits.
     *
     * @param aws the inputs; duplicates count once
     * @param timeout the limit from this call, or null for none
     * @param <T> the type of the inputs' results
     * @return one future per distinct input, in completion order: the k-th completes with the k-th
     *     outcome
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static <T> List<CompletableFuture<T>> asCompleted(Collection<? extends CompletionStage<T>> aws, Duration timeout) {
        Objects.requireNonNull(aws, "aws");
        EventLoop loop = EventLoop.running();
        Set<CompletableFuture<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletionStage<T>> inputs = new ArrayList<>();
        for (CompletionStage<T> aw : aws) {
            if (seen.add(toFuture(Objects.requireNonNull(aw, "aws contains null")))) inputs.add(aw);
        }
        boolean mayBeDropped = inputs.stream().allMatch(LibraryFuture::outcomeMayBeDropped);
        List<Mirror<T>> outs = new ArrayList<>(Collections.nCopies(inputs.size(), null));
        for (int k = inputs.size() - 1; k >= 0; k--) outs.set(k, new Mirror<>(mayBeDropped)); // the first is the most recent await point
        int[] completed = {0};
        for (CompletionStage<T> input : inputs) {
            whenDone(input, loop, true, (value, error) -> {
                Mirror<T> out = outs.get(completed[0]++);
                if (error == null) out.completeInternal(value);
                else out.failInternal(error);
            });
        }
        if (timeout != null) {
            loop.callLater(timeout, () -> {
                for (Mirror<T> out : outs) out.failInternal(new TimeoutException("as_completed timed out"));
            });
        }
        return Collections.unmodifiableList(new ArrayList<>(outs));
    }

    // ------------------------------------------------------------------------------------------
    // toThread, wrapFuture

    /**
     * Runs {@code fn} on the loop's default executor. asyncio: {@code asyncio.to_thread()};
     * {@code runInExecutor(null, fn)}.
     *
     * @param fn the blocking work
     * @param <T> the type of {@code fn}'s result
     * @return a future completed on the loop with {@code fn}'s outcome
     */
    public static <T> CompletableFuture<T> toThread(Callable<T> fn) {
        if (fn == null) return CompletableFuture.failedFuture(new NullPointerException("fn"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        return loop.runInExecutor(null, fn);
    }

    /**
     * A library future on the running loop mirroring {@code foreign}'s outcome, delivered through
     * the loop on a later iteration. asyncio: {@code asyncio.wrap_future()}. It is an await point:
     * cancelling it, or the task awaiting it, cancels {@code foreign} if that is still pending (a
     * {@link Task} or a library future gets a request, and the wrapper then takes its outcome);
     * otherwise only the wrapper is cancelled. This is how a task awaits a task it did not create
     * and still passes its cancellation on. The running task wrapping itself (or its own future)
     * gets a failed future: {@link IllegalStateException}, asyncio's "Task cannot await on itself".
     *
     * @param foreign the stage to mirror
     * @param <T> the type of {@code foreign}'s result
     * @return the wrapper: an await point of the calling task
     */
    public static <T> CompletableFuture<T> wrapFuture(CompletionStage<T> foreign) {
        if (foreign == null) return CompletableFuture.failedFuture(new NullPointerException("foreign"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        IllegalStateException selfAwait = Task.selfAwait(foreign);
        if (selfAwait != null) return CompletableFuture.failedFuture(selfAwait);
        Wrapped<T> wrapper = new Wrapped<>(foreign);
        whenDone(foreign, loop, true, (value, error) -> {
            if (error == null) wrapper.completeInternal(value);
            else wrapper.failInternal(error);
        });
        return wrapper;
    }

    private static final class Wrapped<T> extends LibraryFuture<T> {
        private final CompletionStage<T> foreign;

        Wrapped(CompletionStage<T> foreign) {
            this.foreign = foreign;
        }

        @Override
        boolean requestCancel(String message) {
            if (isDone()) return false;
            if (!Asyncio.isDone(foreign) && Asyncio.requestCancel(foreign, message)) return true;
            if (Asyncio.isDone(foreign) && !lateCancellationWins()) return false; // a grant on its way: too late
            return super.requestCancel(message);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!isDone() && !Asyncio.isDone(foreign)) Asyncio.requestCancel(foreign, null);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        boolean lateCancellationWins() {
            return LibraryFuture.outcomeMayBeDropped(foreign);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Shared by the functions above

    private static <T> CompletableFuture<T> noLoop() {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "no running event loop on thread " + Thread.currentThread().getName()));
    }

    /** The task behind a stage: a Task, or a task's {@code toCompletableFuture()}; else null. */
    static Task<?> asTask(CompletionStage<?> stage) {
        if (stage instanceof Task<?> task) return task;
        if (stage instanceof Task<?>.TaskFuture future) return future.source();
        return null;
    }

    /** The stage as a CompletableFuture (a Task: its future); a stage that has none gets a copy. */
    static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> future) return future;
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException noFuture) {
            CompletableFuture<T> copy = new CompletableFuture<>();
            stage.whenComplete((v, e) -> {
                if (e == null) copy.complete(v);
                else copy.completeExceptionally(Task.unwrap(e));
            });
            return copy;
        }
    }

    /** Done: for a task, the task itself (its future completes one iteration later). */
    static boolean isDone(CompletionStage<?> stage) {
        Task<?> task = asTask(stage);
        return task != null ? task.isDone() : toFuture(stage).isDone();
    }

    /** Cancels a stage the way a task's cancellation passes down: a request to a task or a library future, else {@code cancel(false)}. */
    static boolean requestCancel(CompletionStage<?> stage, String message) {
        Task<?> task = asTask(stage);
        if (task != null) return task.cancel(message);
        CompletableFuture<?> future = toFuture(stage);
        if (future instanceof LibraryFuture<?> library) return library.requestCancel(message);
        return future.cancel(false);
    }

    /** A completed future with the outcome of a done stage (a cancelled one: cancelled). */
    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> outcomeOf(CompletionStage<T> done) {
        Task<?> task = asTask(done);
        CompletableFuture<T> future = toFuture(done);
        Throwable error = task != null ? task.failureOrNull(true) : failureOf(future);
        if (error != null) return CompletableFuture.failedFuture(error);
        return CompletableFuture.completedFuture(task != null ? (T) task.valueOrNull() : future.getNow(null));
    }

    /** The failure of a completed future (unwrapped), or null. */
    static Throwable failureOf(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) return null;
        Throwable[] failure = new Throwable[1];
        future.whenComplete((v, e) -> failure[0] = Task.unwrap(e));
        return failure[0];
    }

    /**
     * Calls {@code callback} with the stage's outcome (failure unwrapped; a cancelled task's
     * {@code CancellationException}) on a later iteration of {@code loop}: for a task of this
     * loop as one of its done callbacks, otherwise through the loop once the stage completes.
     * {@code retrieve}: the caller consumes a task's failure (asyncio calls {@code exception()}).
     */
    @SuppressWarnings("unchecked")
    static <T> void whenDone(CompletionStage<? extends T> stage, EventLoop loop, boolean retrieve,
                             BiConsumer<? super T, Throwable> callback) {
        Task<?> task = asTask(stage);
        if (task != null && task.loop() == loop) {
            task.addDoneCallback(t -> callback.accept((T) t.valueOrNull(), t.failureOrNull(retrieve)));
            return;
        }
        stage.whenComplete((value, error) -> {
            try {
                loop.schedule(() -> callback.accept(value, Task.unwrap(error)));
            } catch (IllegalStateException closed) {
                // the loop closed: nobody is left to tell
            }
        });
    }
}
