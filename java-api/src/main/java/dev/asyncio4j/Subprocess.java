package dev.asyncio4j;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process started by {@link Asyncio#createSubprocessExec} or
 * {@link Asyncio#createSubprocessShell}. asyncio: {@code asyncio.subprocess.Process}.
 *
 * <pre>{@code
 * Asyncio.createSubprocessExec(List.of("ls", "-l"), SubprocessOptions.defaults().stdout(Stdio.PIPE))
 *         .thenCompose(ls -> ls.communicateAsync(null))
 *         .thenAccept(out -> System.out.print(new String(out.stdout())));
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   RUNNING --the child exits; the loop sees it--&gt; EXITED (returncode set, waiters complete)
 * </pre>
 * A watch thread (a pump thread, see below) waits for the exit ({@code Process.waitFor()}); the
 * loop learns of it on a later iteration. {@link #returncode()} is null until then, and {@link #waitAsync()}
 * completes then: both change on the loop, as in asyncio.
 *
 * <h2>Return codes</h2>
 * asyncio reports {@code -N} for a child killed by signal N. The JDK reports {@code 128 + N} and
 * cannot tell that from a child that called {@code exit(128 + N)}. So {@link #returncode()} is
 * {@code -N} when this object sent signal N ({@link #sendSignal}, {@link #terminate()},
 * {@link #kill()}) and the child's code is {@code 128 + N}; otherwise it is the JDK's code as it
 * is: a child killed by a signal from elsewhere reads {@code 128 + N}, and one that caught the
 * signal and exited with {@code 128 + N} itself reads {@code -N}.
 *
 * <h2>Pipes</h2>
 * The JDK's pipes block, so each {@link Stdio#PIPE} has a pump thread of its own (a pooled daemon; a
 * virtual thread where the JDK has them). A reading pump delivers what it reads on the loop, in
 * order, and stops reading while its {@link StreamReader} holds more than the limit; the stdin
 * pump writes what {@link StreamWriter#write} buffered. While a child runs or a pump is running,
 * a virtual clock does not jump (I/O can arrive at any moment).
 *
 * <h2>Cancellation</h2>
 * {@link #waitAsync()} and {@link #communicateAsync} are simple waits ({@code cancel()} completes
 * them at once). Cancelling either leaves the child running, as asyncio does; bytes already read
 * by {@code communicateAsync} stay in the readers.
 *
 * <h2>Threads</h2>
 * A subprocess belongs to the loop that started it: its futures complete there. Its methods may
 * be called from any thread. {@link #returncode()} is safe to read anywhere; once non-null it never
 * changes.
 *
 * <h2>asyncio differs</h2>
 * <ul>
 *   <li>{@code returncode} is {@code -N} only for signals this object sent (see above).</li>
 *   <li>Signalling a child whose exit is known throws {@link IllegalStateException} (asyncio:
 *       {@code ProcessLookupError}).</li>
 *   <li>{@code sendSignal} of a signal other than SIGTERM and SIGKILL runs {@code kill -N pid}:
 *       the JDK has no call for it. POSIX only.</li>
 * </ul>
 */
public final class Subprocess {
    private static final int SIGKILL = 9, SIGTERM = 15, MAX_SIGNAL = 64;

    private final EventLoop loop;
    private final Process process;
    private final List<String> argv;
    /** Set on the loop when it learns of the exit; never changes afterwards. */
    private volatile Integer returncode;
    /** Completes on the loop with the return code, when {@link #returncode} is set: what waits build on. */
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Bit N: this object sent signal N, so a code of 128 + N means "killed by N". */
    private final AtomicLong signalsSent = new AtomicLong();
    /** The pipes, or null for a stream that is not a {@link Stdio#PIPE}. */
    private final WritePipe stdinPipe;
    private final ReadPipe stdoutPipe, stderrPipe;

    private Subprocess(EventLoop loop, Process process, List<String> argv, SubprocessOptions options) {
        this.loop = loop;
        this.process = process;
        this.argv = argv;
        String prefix = "asyncio4j-subprocess-" + process.pid() + "-";
        stdinPipe = options.stdin() != Stdio.PIPE ? null : new WritePipe(loop, process.getOutputStream(), prefix + "stdin");
        stdoutPipe = options.stdout() != Stdio.PIPE ? null
                : new ReadPipe(loop, process.getInputStream(), new StreamReader(loop, options.limit()), prefix + "stdout");
        stderrPipe = options.stderr() != Stdio.PIPE ? null
                : new ReadPipe(loop, process.getErrorStream(), new StreamReader(loop, options.limit()), prefix + "stderr");
    }

    /**
     * Starts {@code argv} on the running loop: the work of {@link Asyncio#createSubprocessExec}.
     * The child is started on the calling thread, as asyncio's {@code Popen} is, so the returned
     * future is already complete. It fails, and nothing is left behind (no thread, no pipe), with
     * the JDK's {@link IOException} when the program cannot be started, with
     * {@link IllegalStateException} off a loop, and with {@link NullPointerException} or
     * {@link IllegalArgumentException} for bad arguments.
     */
    static CompletableFuture<Subprocess> start(List<String> argv, SubprocessOptions options) {
        try {
            Objects.requireNonNull(argv, "argv");
            Objects.requireNonNull(options, "options");
            List<String> args = List.copyOf(argv);
            if (args.isEmpty()) throw new IllegalArgumentException("argv is empty");
            EventLoop loop = EventLoop.running();
            Process process = builder(args, options).start();
            Subprocess child = new Subprocess(loop, process, args, options);
            child.connect();
            return CompletableFuture.completedFuture(child);
        } catch (IOException | RuntimeException error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    /** {@link #start} with {@code /bin/sh -c command}: the work of {@link Asyncio#createSubprocessShell}. */
    static CompletableFuture<Subprocess> startShell(String command, SubprocessOptions options) {
        if (command == null) return CompletableFuture.failedFuture(new NullPointerException("command"));
        return start(List.of("/bin/sh", "-c", command), options);
    }

    private static ProcessBuilder builder(List<String> argv, SubprocessOptions options) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.redirectInput(switch (options.stdin()) {
            case PIPE -> Redirect.PIPE;
            case DEVNULL -> Redirect.from(new File("/dev/null"));
            default -> Redirect.INHERIT;
        });
        builder.redirectOutput(output(options.stdout()));
        if (options.stderr() == Stdio.STDOUT) builder.redirectErrorStream(true);
        else builder.redirectError(output(options.stderr()));
        if (options.cwd() != null) builder.directory(options.cwd().toFile());
        if (options.env() != null) {
            builder.environment().clear();
            builder.environment().putAll(options.env());
        }
        return builder;
    }

    private static Redirect output(Stdio stdio) {
        return switch (stdio) {
            case PIPE -> Redirect.PIPE;
            case DEVNULL -> Redirect.DISCARD;
            default -> Redirect.INHERIT;
        };
    }

    /**
     * Starts the pumps and the exit watch. The running child counts as outstanding I/O on the loop
     * until the loop sees its exit, as each pump does while it runs: a virtual clock does not jump.
     */
    private void connect() {
        loop.ioStarted();
        // Not Process.onExit(): it runs each wait on the common pool, a new thread per child on 2 cores.
        PumpThreads.start("asyncio4j-subprocess-" + process.pid() + "-exit", this::awaitExit);
        if (stdoutPipe != null) stdoutPipe.start();
        if (stderrPipe != null) stderrPipe.start();
    }

    /** The exit watch's body: once the child is gone, the loop sets the return code on a later iteration. */
    private void awaitExit() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // only the child's exit ends the watch
            }
        }
        if (!PumpThreads.post(loop, this::exitSeen)) {
            exitSeen(); // nothing will run on the loop again: record it here, so that returncode() tells the truth
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The loop learns that the child exited. */
    private void exitSeen() {
        synchronized (this) { // the loop, or the exit watch once the loop is closed: only the first counts
            if (returncode != null) return;
            int code = process.exitValue();
            int signal = code - 128;
            if (signal > 0 && signal <= MAX_SIGNAL && (signalsSent.get() & (1L << signal)) != 0) code = -signal;
            returncode = code;
        }
        loop.ioFinished();
        exited.complete(returncode);
    }

    /**
     * The child's process id. asyncio: {@code Process.pid}.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The child's return code, or null while the loop has not seen it exit. asyncio:
     * {@code Process.returncode}. {@code -N} if it died of signal N that this object sent;
     * otherwise the JDK's code, {@code 128 + N} for a signal from elsewhere (see the class doc).
     *
     * @return the return code, or null while running
     */
    public Integer returncode() {
        return returncode;
    }

    /**
     * Waits for the child to exit. asyncio: {@code await Process.wait()}. Already exited: a
     * complete future. Cancelling the wait does not touch the child, which keeps running.
     *
     * <p>Threads: the future completes on the loop this child belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future of {@link #returncode()}, completed on the subprocess's loop
     */
    public CompletableFuture<Integer> waitAsync() {
        Integer code = returncode;
        if (code != null) return CompletableFuture.completedFuture(code);
        LibraryFuture<Integer> wait = new LibraryFuture<>(LibraryFuture.Cancel.IMMEDIATE, LibraryFuture.LateCancel.WINS);
        exited.thenAccept(wait::completeInternal);
        return wait;
    }

    /**
     * Feeds {@code input} to the child's stdin and closes it, while reading its stdout and stderr to
     * EOF, then waits for it to exit. asyncio: {@code await Process.communicate(input)}.
     *
     * <p>stdin (if it is a {@link Stdio#PIPE}): {@code input} is written, drained and stdin closed;
     * null or empty input closes stdin at once (CPython 3.12+ closes it for {@code None} too, so
     * that a child reading to EOF ends). A child that exits, or closes its stdin, before reading all
     * of it is no error: the broken pipe is ignored. stdout and stderr are read concurrently, so a
     * child that writes megabytes to either never blocks on a full pipe.
     *
     * <p>Cancelling it (or the task awaiting it) stops the reads and the feeding and leaves the
     * child running: bytes not yet returned stay in the readers, and stdin stays open.
     *
     * <p>Threads: the future completes on the loop this child belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param input the bytes for stdin, or null for none
     * @return a future of what the child wrote (null for a stream that is not a pipe), completed
     *     once it has exited; failed with a reader's error if a pipe failed
     */
    public CompletableFuture<Communicated> communicateAsync(byte[] input) {
        CompletableFuture<Void> fed = stdinPipe == null ? CompletableFuture.completedFuture(null) : feedStdin(input);
        CompletableFuture<byte[]> out = readToEof(stdoutPipe);
        CompletableFuture<byte[]> err = readToEof(stderrPipe);
        // Made last: the calling task's await point, whose cancellation reaches the parts.
        LibraryFuture<Communicated> communicated = new LibraryFuture<>() {
            @Override
            void onCancel() {
                fed.cancel(false);
                out.cancel(false);
                err.cancel(false);
            }
        };
        CompletableFuture.allOf(fed, out, err).thenCompose(v -> exited).whenComplete((code, error) -> {
            if (error == null) communicated.completeInternal(new Communicated(out.join(), err.join()));
            else communicated.failInternal(Task.unwrap(error));
        });
        return communicated;
    }

    /** asyncio's {@code _feed_stdin}: write, drain ignoring a broken pipe, close; a cancelled drain leaves stdin open. */
    private CompletableFuture<Void> feedStdin(byte[] input) {
        StreamWriter stdin = stdinPipe.writer();
        if (input != null) stdin.write(input);
        CompletableFuture<Void> drained = stdin.drainAsync();
        CompletableFuture<Void> fed = drained.handle((v, error) -> {
            if (error == null || Task.unwrap(error) instanceof IOException) {
                stdin.close();
                return null;
            }
            throw new CompletionException(Task.unwrap(error));
        });
        fed.whenComplete((v, e) -> {
            if (fed.isCancelled()) drained.cancel(false); // communicate cancelled: stop waiting for the drain too
        });
        return fed;
    }

    private static CompletableFuture<byte[]> readToEof(ReadPipe pipe) {
        return pipe == null ? CompletableFuture.completedFuture(null) : pipe.reader().readAsync(-1);
    }

    /**
     * The child's stdin. asyncio: {@code Process.stdin}.
     *
     * @return the writer of the child's stdin, or null unless stdin is a {@link Stdio#PIPE}
     */
    public StreamWriter stdin() {
        return stdinPipe == null ? null : stdinPipe.writer();
    }

    /**
     * The child's stdout. asyncio: {@code Process.stdout}.
     *
     * @return the reader of the child's stdout, or null unless stdout is a {@link Stdio#PIPE}
     */
    public StreamReader stdout() {
        return stdoutPipe == null ? null : stdoutPipe.reader();
    }

    /**
     * The child's stderr. asyncio: {@code Process.stderr}.
     *
     * @return the reader of the child's stderr, or null unless stderr is a {@link Stdio#PIPE}
     *     (with {@link Stdio#STDOUT}, stderr arrives on {@link #stdout()})
     */
    public StreamReader stderr() {
        return stderrPipe == null ? null : stderrPipe.reader();
    }

    /** The pump of stdout or stderr (tests: flow control). */
    ReadPipe readPipe(boolean stdout) {
        return stdout ? stdoutPipe : stderrPipe;
    }

    /**
     * Sends signal {@code signal} to the child. asyncio: {@code Process.send_signal()}. SIGTERM
     * (15) and SIGKILL (9) go through the JDK's {@code ProcessHandle}; any other through
     * {@code kill -N pid}; 0 only checks that the child exists. A child that dies of a signal sent
     * here reports {@code -signal}.
     *
     * @param signal the signal number, 0 to 64
     * @throws IllegalStateException if the child has exited (asyncio: {@code ProcessLookupError})
     * @throws IllegalArgumentException if {@code signal} is not a signal number
     */
    public void sendSignal(int signal) {
        if (signal < 0 || signal > MAX_SIGNAL) throw new IllegalArgumentException("not a signal number: " + signal);
        checkRunning();
        if (signal != 0) signalsSent.getAndUpdate(sent -> sent | (1L << signal)); // before it can arrive
        switch (signal) {
            case SIGTERM -> process.toHandle().destroy(); // Process.destroy() would also close our pipes
            case SIGKILL -> process.toHandle().destroyForcibly();
            default -> runKill(signal);
        }
    }

    /**
     * Sends SIGTERM. asyncio: {@code Process.terminate()}; the child then reports -15.
     *
     * @throws IllegalStateException if the child has exited
     */
    public void terminate() {
        sendSignal(SIGTERM);
    }

    /**
     * Sends SIGKILL. asyncio: {@code Process.kill()}; the child then reports -9.
     *
     * @throws IllegalStateException if the child has exited
     */
    public void kill() {
        sendSignal(SIGKILL);
    }

    /** asyncio's {@code _check_proc}: a child whose exit is known, to the loop or to the JDK, has no pid to signal any more. */
    private void checkRunning() {
        if (returncode != null || !process.isAlive()) {
            throw new IllegalStateException("process " + process.pid() + " has exited" + (returncode != null ? " with " + returncode : ""));
        }
    }

    private void runKill(int signal) {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + " " + process.pid(), e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!kill.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("kill -" + signal + " did not end");
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (kill.exitValue() != 0 && process.isAlive()) {
            throw new IllegalArgumentException("kill -" + signal + " " + process.pid() + " failed with " + kill.exitValue());
        }
    }

    @Override
    public String toString() {
        Integer code = returncode;
        return "Subprocess[pid=" + process.pid() + ", " + (code == null ? "running" : "returncode=" + code) + ", " + argv.get(0) + "]";
    }
}
