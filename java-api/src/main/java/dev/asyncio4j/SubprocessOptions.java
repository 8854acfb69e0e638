package dev.asyncio4j;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Asyncio#createSubprocessExec} and {@link Asyncio#createSubprocessShell} start a
 * child: its three standard streams, its directory and environment, and the limit of its
 * readers. asyncio: the keyword arguments {@code stdin=}, {@code stdout=}, {@code stderr=},
 * {@code cwd=}, {@code env=} and {@code limit=}.
 *
 * <pre>{@code
 * SubprocessOptions opts = SubprocessOptions.defaults().stdout(Stdio.PIPE).stderr(Stdio.STDOUT);
 * }</pre>
 *
 * <p>Immutable: each setter returns a copy, so one value can be shared and refined. Bad input
 * throws at once: null, {@link Stdio#STDOUT} anywhere but stderr, a limit of 0 or less, an
 * environment with a null name or value.
 */
public final class SubprocessOptions {
    /** asyncio's {@code streams._DEFAULT_LIMIT}: 64 KiB. */
    static final int DEFAULT_LIMIT = 65_536;
    private static final SubprocessOptions DEFAULTS =
            new SubprocessOptions(Stdio.INHERIT, Stdio.INHERIT, Stdio.INHERIT, null, null, DEFAULT_LIMIT);

    private final Stdio stdin, stdout, stderr;
    private final Path cwd;
    private final Map<String, String> env;
    private final int limit;

    private SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env, int limit) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.cwd = cwd;
        this.env = env;
        this.limit = limit;
    }

    /**
     * stdin, stdout and stderr {@link Stdio#INHERIT} (asyncio's {@code None}), the JVM's directory
     * and environment, a limit of 65,536 bytes. asyncio: {@code create_subprocess_exec}'s defaults.
     *
     * @return the default options
     */
    public static SubprocessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The child's stdin. asyncio: {@code stdin=}.
     *
     * @param s {@link Stdio#INHERIT}, {@link Stdio#PIPE} or {@link Stdio#DEVNULL}
     * @return a copy with this stdin
     * @throws IllegalArgumentException for {@link Stdio#STDOUT}
     */
    public SubprocessOptions stdin(Stdio s) {
        return new SubprocessOptions(notStdout(s, "stdin"), stdout, stderr, cwd, env, limit);
    }

    /**
     * The child's stdout. asyncio: {@code stdout=}.
     *
     * @param s {@link Stdio#INHERIT}, {@link Stdio#PIPE} or {@link Stdio#DEVNULL}
     * @return a copy with this stdout
     * @throws IllegalArgumentException for {@link Stdio#STDOUT}
     */
    public SubprocessOptions stdout(Stdio s) {
        return new SubprocessOptions(stdin, notStdout(s, "stdout"), stderr, cwd, env, limit);
    }

    /**
     * The child's stderr. asyncio: {@code stderr=}; {@link Stdio#STDOUT} sends it where stdout
     * goes ({@code stderr=subprocess.STDOUT}), and {@link Subprocess#stderr()} is then null.
     *
     * @param s any {@link Stdio}
     * @return a copy with this stderr
     */
    public SubprocessOptions stderr(Stdio s) {
        return new SubprocessOptions(stdin, stdout, Objects.requireNonNull(s, "stderr"), cwd, env, limit);
    }

    /**
     * The child's working directory. asyncio: {@code cwd=}. A directory that does not exist fails
     * the start with the JDK's {@code IOException}.
     *
     * @param dir the directory
     * @return a copy with this directory
     */
    public SubprocessOptions cwd(Path dir) {
        return new SubprocessOptions(stdin, stdout, stderr, Objects.requireNonNull(dir, "cwd"), env, limit);
    }

    /**
     * The child's whole environment: it replaces the JVM's, it is not added to it. asyncio:
     * {@code env=}. An empty map gives the child no variable at all, not even {@code PATH}.
     *
     * @param env the variables; copied
     * @return a copy with this environment
     * @throws NullPointerException if {@code env}, a name or a value is null
     */
    public SubprocessOptions env(Map<String, String> env) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, Map.copyOf(Objects.requireNonNull(env, "env")), limit);
    }

    /**
     * The limit of the child's {@link StreamReader}s: the longest line or separator search, and
     * the buffer size above which the pipe's pump pauses. asyncio: {@code limit=}.
     *
     * @param bytes the limit, at least 1
     * @return a copy with this limit
     * @throws IllegalArgumentException if {@code bytes <= 0}
     */
    public SubprocessOptions limit(int bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("limit must be positive, got " + bytes);
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, bytes);
    }

    private static Stdio notStdout(Stdio s, String stream) {
        Objects.requireNonNull(s, stream);
        if (s == Stdio.STDOUT) throw new IllegalArgumentException("Stdio.STDOUT is for stderr only, not " + stream);
        return s;
    }

    Stdio stdin() {
        return stdin;
    }

    Stdio stdout() {
        return stdout;
    }

    Stdio stderr() {
        return stderr;
    }

    /** The directory, or null for the JVM's. */
    Path cwd() {
        return cwd;
    }

    /** The whole environment, or null for the JVM's. */
    Map<String, String> env() {
        return env;
    }

    int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "SubprocessOptions[stdin=" + stdin + ", stdout=" + stdout + ", stderr=" + stderr
                + (cwd != null ? ", cwd=" + cwd : "") + (env != null ? ", env=" + env.size() + " variables" : "")
                + ", limit=" + limit + "]";
    }
}
