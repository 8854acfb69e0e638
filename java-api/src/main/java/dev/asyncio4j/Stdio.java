package dev.asyncio4j;

/**
 * Where a child's standard stream goes. asyncio: {@code None}, {@code subprocess.PIPE},
 * {@code subprocess.DEVNULL} and {@code subprocess.STDOUT} as the {@code stdin}, {@code stdout}
 * and {@code stderr} arguments of {@code create_subprocess_exec}.
 */
public enum Stdio {
    /** The child shares the JVM's stream (asyncio's {@code None}, the default). */
    INHERIT,
    /**
     * A pipe to the loop: {@link Subprocess#stdin()} is a {@link StreamWriter},
     * {@link Subprocess#stdout()} and {@link Subprocess#stderr()} are {@link StreamReader}s.
     */
    PIPE,
    /** The null device: the child reads EOF at once, or its output is discarded. */
    DEVNULL,
    /** For stderr only: stderr goes where stdout goes ({@code stderr=subprocess.STDOUT}). */
    STDOUT
}
