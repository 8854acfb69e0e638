package dev.asyncio4j;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process started by {@link Asyncio#createSubprocessExec} or
 * {@link Asyncio#createSubprocessShell}. asyncio: {@code asyncio.subprocess.Process}.
 *
 * <pre>{@code
 * Subprocess ls = Asyncio.createSubprocessExec(List.of("ls", "-l"),
 *         SubprocessOptions.defaults().stdout(Stdio.PIPE)).join();   // on the loop: compose instead
 * ls.communicateAsync(null).thenAccept(out -> System.out.print(new String(out.stdout())));
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   RUNNING --the child exits; the loop sees it--&gt; EXITED (returncode set, waiters complete)
 * </pre>
 * The JDK observes the exit ({@code Process.onExit()}) on one of its threads; the loop learns of
 * it on a later iteration. {@link #returncode()} is null until then, and {@link #waitAsync()}
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
 * The JDK's pipes block, so each {@link Stdio#PIPE} has a pump thread of its own (a daemon; a
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

    private Subprocess(EventLoop loop, Process process, List<String> argv) {
        this.loop = loop;
        this.process = process;
        this.argv = argv;
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
            Subprocess child = new Subprocess(loop, process, args);
            child.connect(options);
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

    /** Starts the pumps and the exit watch: the child runs, so a virtual clock must not jump. */
    private void connect(SubprocessOptions options) {
        process.onExit().whenComplete((p, e) -> deliverExit());
    }

    /** On a JDK thread, once the child is gone: the loop sets the return code on a later iteration. */
    private void deliverExit() {
        try {
            loop.schedule(this::exitSeen);
        } catch (IllegalStateException closed) {
            exitSeen(); // nothing will run on the loop again: record it here, so that returncode() tells the truth
        }
    }

    /** The loop learns that the child exited. */
    private void exitSeen() {
        if (returncode != null) return;
        int code = process.exitValue();
        int signal = code - 128;
        if (signal > 0 && signal <= MAX_SIGNAL && (signalsSent.get() & (1L << signal)) != 0) code = -signal;
        returncode = code;
        exited.complete(code);
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
     * @return a future of {@link #returncode()}, completed on the subprocess's loop
     */
    public CompletableFuture<Integer> waitAsync() {
        Integer code = returncode;
        if (code != null) return CompletableFuture.completedFuture(code);
        Mirror<Integer> wait = new Mirror<>(true);
        exited.thenAccept(wait::completeInternal);
        return wait;
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
