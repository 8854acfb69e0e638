package dev.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.asyncio4j.Stages.asTask;
import static dev.asyncio4j.Stages.isDone;
import static dev.asyncio4j.Stages.outcomeOf;
import static dev.asyncio4j.Stages.toFuture;
import static dev.asyncio4j.Stages.whenDone;

/**
 * asyncio's module-level functions: {@code asyncio.run}, {@code create_task}, {@code sleep},
 * {@code gather}, {@code wait_for}, {@code timeout}, {@code shield}, {@code wait},
 * {@code as_completed}, {@code to_thread}, {@code wrap_future}, {@code all_tasks},
 * {@code current_task}, {@code open_connection}, {@code start_server}.
 *
 * <p>They work on {@link EventLoop#running()}. With no running loop on the calling thread,
 * {@link #createTask}, {@link #asCompleted}, {@link #allTasks} and {@link #currentTask} throw
 * {@link IllegalStateException}, and the others return a future failed with it. Bad arguments (null) fail the future the same way.
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
     * <p>{@code Thread.interrupt()} of the calling thread (asyncio: Ctrl-C, {@code KeyboardInterrupt})
     * cancels the main task: each interrupt the loop sees is one cancel request, delivered on the
     * loop. The run then ends as above, cleanup included, and returns with the thread's interrupt
     * status set, as a {@code java.util.concurrent} method that cannot throw
     * {@link InterruptedException} leaves it. A main task that ended cancelled throws
     * {@link CancellationException} whose cause is an {@link InterruptedException}; one that
     * swallowed the cancellation returns its result, and one that failed throws its failure
     * (asyncio's Runner also raises {@code KeyboardInterrupt} only when main ended cancelled). An
     * interrupt meant for a callback of the loop, {@code Future.cancel(true)} of a
     * {@code submit}ted job while it runs, counts too: the loop cannot tell them apart.
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
     * An addition to asyncio's API.
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
        MainInterrupts interrupts = new MainInterrupts();
        loop.onInterrupt = interrupts;
        RuntimeException failure = null;
        try {
            return loop.run(interrupts.watch(main));
        } catch (RuntimeException mainFailure) {
            throw failure = mainFailure;
        } finally {
            closeAfterRun(loop);
            RuntimeException reported = interrupts.ended(failure);
            if (reported != failure) throw reported; // main's cancellation came from an interrupt: say so
        }
    }

    /** asyncio.run's cleanup: leftover tasks cancelled and awaited, the default executor shut down, the loop closed. */
    private static void closeAfterRun(EventLoop loop) {
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
     * The unfinished tasks of {@link EventLoop#running()}, in creation order: a snapshot. asyncio:
     * {@code asyncio.all_tasks()}. From another thread use {@link EventLoop#allTasks()}.
     *
     * @return an unmodifiable set of the running loop's unfinished tasks
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static Set<Task<?>> allTasks() {
        return EventLoop.running().allTasks();
    }

    /**
     * The task running on this thread, or null between tasks. asyncio: {@code asyncio.current_task()}.
     * Unlike {@link Task#current()}, which returns null, it throws with no running loop, as asyncio does.
     *
     * @return the current task, or null if the running loop runs no task now
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static Task<?> currentTask() {
        return EventLoop.running().currentTask;
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
        return (CompletableFuture<List<T>>) (CompletableFuture<?>) gatherCopy(false, aws.toArray()); // Object[]: no per-element type check
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
        if (aws == null) return CompletableFuture.failedFuture(new NullPointerException("aws"));
        return gatherCopy(returnExceptions, aws.clone()); // the caller's array may change after the call
    }

    /** {@link #gather(boolean, CompletionStage[])} of {@code aws}, a copy of the caller's stages that the gather keeps. */
    private static CompletableFuture<List<Object>> gatherCopy(boolean returnExceptions, Object[] aws) {
        if (Arrays.asList(aws).contains(null)) return CompletableFuture.failedFuture(new NullPointerException("aws"));
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        if (aws.length == 0) return CompletableFuture.completedFuture(new ArrayList<>());
        return new Gather(loop, returnExceptions, aws);
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
        LibraryFuture<T> outer = new LibraryFuture<>(LibraryFuture.Cancel.IMMEDIATE, LibraryFuture.LateCancel.as(aw));
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
        LibraryFuture.LateCancel late = LibraryFuture.LateCancel.asAll(inputs);
        List<LibraryFuture<T>> outs = new ArrayList<>(Collections.nCopies(inputs.size(), null));
        for (int k = inputs.size() - 1; k >= 0; k--) outs.set(k, new LibraryFuture<>(LibraryFuture.Cancel.IMMEDIATE, late)); // the first is the most recent await point
        int[] completed = {0};
        for (CompletionStage<T> input : inputs) {
            whenDone(input, loop, true, (value, error) -> {
                LibraryFuture<T> out = outs.get(completed[0]++);
                if (error == null) out.completeInternal(value);
                else out.failInternal(error);
            });
        }
        if (timeout != null) {
            loop.callLater(timeout, () -> {
                for (LibraryFuture<T> out : outs) out.failInternal(new TimeoutException("as_completed timed out"));
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

    // ------------------------------------------------------------------------------------------
    // Streams (the work is in Connecting, SocketTransport and Server)

    /**
     * {@link #openConnection(String, int, int)} with the default limit of 64 KiB. asyncio:
     * {@code asyncio.open_connection(host, port)}.
     *
     * @param host a host name or IP literal
     * @param port the TCP port
     * @return the connection's reader and writer, once connected
     */
    public static CompletableFuture<Connection> openConnection(String host, int port) {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Connects to {@code host:port} over TCP, without blocking the loop. asyncio:
     * {@code asyncio.open_connection(host, port, limit=limit)}. A host name is resolved on the
     * loop's default executor, an IP literal at once. A refused connection fails the future with
     * the JDK's {@link java.net.ConnectException}. Cancelling it (a simple cancel) abandons the
     * attempt and closes its socket. See {@link StreamReader} and {@link StreamWriter}.
     *
     * @param host a host name or IP literal
     * @param port the TCP port
     * @param limit the reader's limit, in bytes (see {@link StreamReader})
     * @return the connection's reader and writer, once connected
     */
    public static CompletableFuture<Connection> openConnection(String host, int port, int limit) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        return Connecting.start(loop, host, port, limit);
    }

    /**
     * Listens on {@code host:port} and runs {@code clientConnected} as a {@link Task} for each
     * client, with the client's reader and writer. asyncio: {@code asyncio.start_server()}. Port 0
     * picks any free port ({@link Server#sockets()} tells which); a null host listens on every
     * interface. The future completes once the server listens.
     *
     * @param clientConnected the handler: its stage is the client's task
     * @param host a host name or IP literal, or null for the wildcard address
     * @param port the TCP port; 0 for any free port
     * @return the listening server
     */
    public static CompletableFuture<Server> startServer(
            BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> clientConnected, String host, int port) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop == null) return noLoop();
        return Server.start(loop, clientConnected, host, port, StreamReader.DEFAULT_LIMIT);
    }

    // ------------------------------------------------------------------------------------------
    // Subprocesses (the work is in Subprocess)

    /**
     * Starts {@code argv} (a program and its arguments, no shell) as a child of the running loop.
     * asyncio: {@code asyncio.create_subprocess_exec(program, *args, stdin=..., stdout=...,
     * stderr=..., cwd=..., env=..., limit=...)}. The child is started at once, so the future is
     * already complete. A program that cannot be started fails it with the JDK's
     * {@code IOException}, leaving no thread and no pipe behind. See {@link Subprocess}.
     *
     * @param argv the program, then its arguments; not empty
     * @param options the child's streams, directory, environment and reader limit
     * @return a future of the running child
     */
    public static CompletableFuture<Subprocess> createSubprocessExec(List<String> argv, SubprocessOptions options) {
        return Subprocess.start(argv, options);
    }

    /**
     * Starts {@code command} through {@code /bin/sh -c}. asyncio:
     * {@code asyncio.create_subprocess_shell(cmd, ...)}. Otherwise as {@link #createSubprocessExec}:
     * a command the shell cannot find is not a start failure, but a child that exits with 127.
     *
     * @param command the shell command line
     * @param options the child's streams, directory, environment and reader limit
     * @return a future of the running shell
     */
    public static CompletableFuture<Subprocess> createSubprocessShell(String command, SubprocessOptions options) {
        return Subprocess.startShell(command, options);
    }

    // ------------------------------------------------------------------------------------------
    // Shared by the functions above (what they ask of any stage is in Stages)

    private static <T> CompletableFuture<T> noLoop() {
        return CompletableFuture.failedFuture(new IllegalStateException(EventLoop.noRunningLoop()));
    }
}
