package dev.asyncio4j;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The read end of a stream: a buffer that a socket or a pipe fills, and reads that wait for it.
 * asyncio: {@code asyncio.StreamReader}.
 *
 * <pre>{@code
 * Connection c = Asyncio.openConnection("127.0.0.1", port).join();   // inside a task: compose instead
 * c.reader().readLineAsync().thenAccept(line -> ...);
 * }</pre>
 *
 * <h2>States</h2>
 * A buffer of bytes, an EOF flag and at most one waiting read. The source (a socket transport or
 * a pipe pump) appends data on the loop's thread, then marks EOF, or fails the reader with an
 * error, which every later read reports. A waiting read is served on the iteration after data
 * arrives, as asyncio's woken reader runs on a later iteration; a read that can end from what is
 * buffered ends at once, its future already complete.
 *
 * <h2>The limit</h2>
 * {@code limit} (64 KiB unless set) bounds a line or a separated chunk: {@link #readUntilAsync}
 * fails with {@link LimitOverrunException} rather than buffer more, and {@link #readLineAsync}
 * drops the over-long line, so the reader stays usable. It is also the flow-control mark: with
 * more than twice the limit buffered and no read waiting, the source is paused (a socket stops
 * selecting {@code OP_READ}, a pipe pump stops reading), and it resumes once reads bring the
 * buffer down to the limit or a read has to wait for more (asyncio's {@code pause_reading}).
 *
 * <h2>Cancellation</h2>
 * Every read is a simple wait: {@code cancel()} completes its future at once. A read takes its
 * bytes out of the buffer only as it completes, and puts them back if a cancellation won the
 * race, so a cancelled read loses no byte: the next read gets them.
 *
 * <h2>Threads</h2>
 * A reader belongs to the loop that made it. Reads may be started from any thread: from
 * another thread the read is posted to the loop (a later iteration there), and its future
 * completes on the loop's thread. {@link #atEof()} may be called from any thread.
 *
 * <h2>asyncio differs</h2>
 * <ul>
 *   <li>{@code readLineAsync} past the limit fails with {@link LimitOverrunException} (asyncio's
 *       {@code readline} raises {@code ValueError}), after dropping the line as asyncio does.</li>
 *   <li>A second read while one waits fails with {@link IllegalStateException} (asyncio's
 *       {@code RuntimeError}), as does any read on a closed loop.</li>
 *   <li>{@code readAsync(-1)} keeps what it has read in the buffer until EOF, so that a
 *       cancelled read-to-EOF loses nothing (asyncio's {@code read(-1)} drops it); the source is not
 *       paused meanwhile.</li>
 * </ul>
 */
public final class StreamReader {
    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    static final int DEFAULT_LIMIT = 65_536;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final EventLoop loop;
    private final int limit;
    private ReadSource source;

    // The buffer is buf[head, tail). Loop thread only. Taking bytes only moves head, so a taken
    // run can be put back (a cancelled read) until the next append compacts.
    private byte[] buf = EMPTY;
    private int head, tail;
    /** tail - head, for atEof() from other threads. */
    private volatile int buffered;
    private volatile boolean eof;
    private Throwable exception;
    private boolean paused;
    /** The read waiting for data, or null; a cancelled one stays here until it is noticed. */
    private Read waiting;
    /** A serve() of the waiting read is queued for the next iteration. */
    private boolean serveScheduled;

    /**
     * @param loop the loop it belongs to
     * @param limit the limit (see the class doc); positive
     */
    StreamReader(EventLoop loop, int limit) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive: " + limit);
        this.loop = Objects.requireNonNull(loop, "loop");
        this.limit = limit;
    }

    /** The source to pause and resume (asyncio: {@code set_transport}); set once, on the loop thread or before it runs. */
    void setSource(ReadSource source) {
        if (this.source != null) throw new IllegalStateException("source already set");
        this.source = Objects.requireNonNull(source, "source");
    }

    EventLoop loop() {
        return loop;
    }

    int limit() {
        return limit;
    }

    /** Bytes in the buffer; any thread (tests, toString). */
    int bufferedBytes() {
        return buffered;
    }

    /** The error the source reported, or null. asyncio: {@code exception()}. */
    Throwable exception() {
        return exception;
    }

    // ------------------------------------------------------------------------------------------
    // The source's side: loop thread only

    /** Appends the remaining bytes of {@code data}, leaving it at its limit. asyncio: {@code feed_data}. */
    void feedData(ByteBuffer data) {
        if (eof) throw new IllegalStateException("data after EOF");
        int length = data.remaining();
        if (length == 0) return;
        ensureRoom(length);
        data.get(buf, tail, length);
        tail += length;
        buffered = tail - head;
        wakeWaiting();
        flowControl();
    }

    /** Appends {@code data[offset, offset + length)}. */
    void feedData(byte[] data, int offset, int length) {
        feedData(ByteBuffer.wrap(data, offset, length));
    }

    /** Appends all of {@code data}. */
    void feedData(byte[] data) {
        feedData(ByteBuffer.wrap(data));
    }

    /** Marks the end of the stream. asyncio: {@code feed_eof}. */
    void feedEof() {
        eof = true;
        wakeWaiting();
    }

    /** Fails the waiting read and every later one with {@code error}. asyncio: {@code set_exception}. */
    void setException(Throwable error) {
        exception = Objects.requireNonNull(error, "error");
        wakeWaiting();
    }

    /**
     * Puts {@code data} back at the front of the buffer: bytes a read returned that its caller
     * could not take after all (a Kotlin coroutine cancelled between the read's completion and its
     * resumption; see {@link WaiterSpi#unread}). Loop thread.
     */
    void unread(byte[] data) {
        int length = data.length;
        if (length == 0) return;
        if (head < length) {
            int size = tail - head;
            byte[] bigger = new byte[Math.max(buf.length, size + length)];
            System.arraycopy(buf, head, bigger, length, size);
            buf = bigger;
            head = length;
            tail = length + size;
        }
        head -= length;
        System.arraycopy(data, 0, buf, head, length);
        buffered = tail - head;
        wakeWaiting();
        flowControl();
    }

    /** Room for {@code length} more bytes at the tail: compacts, or grows, the array. */
    private void ensureRoom(int length) {
        int size = tail - head;
        if (tail + length <= buf.length) return;
        if (size + length <= buf.length) {
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            long wanted = Math.max(Math.max(2L * buf.length, (long) size + length), 1024);
            if (wanted > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("stream buffer over 2 GiB");
            byte[] bigger = new byte[(int) wanted];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
    }

    private void wakeWaiting() {
        if (waiting == null || serveScheduled) return;
        serveScheduled = true;
        loop.schedule(this::serve);
    }

    /** The waiting read, on the iteration after something arrived: ends it if it can now. */
    private void serve() {
        serveScheduled = false;
        Read read = waiting;
        if (read != null) {
            if (read.isDone()) waiting = null; // cancelled
            else if (exception != null) read.fail(0, none -> exception);
            else read.attempt(); // clears `waiting` itself if it ends, before anything chained runs
        }
        flowControl();
    }

    /**
     * Pauses the source with more than twice the limit buffered and no read waiting, and resumes
     * it once reads brought the buffer down to the limit or a read waits for more (asyncio's
     * {@code feed_data}, {@code _maybe_resume_transport} and {@code _wait_for_data}).
     */
    private void flowControl() {
        if (source == null) return;
        boolean readWaits = waiting != null && !waiting.isDone();
        if (!paused && !readWaits && tail - head > 2L * limit) {
            paused = true;
            source.pauseReading();
        } else if (paused && (readWaits || tail - head <= limit)) {
            paused = false;
            source.resumeReading();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reads

    /**
     * Reads up to {@code n} bytes. asyncio: {@code StreamReader.read(n)}.
     *
     * <p>{@code n > 0}: what is buffered, up to {@code n} bytes, or, with nothing buffered, waits
     * for data; empty at EOF. {@code n == 0}: empty at once. {@code n < 0}: everything to EOF.
     *
     * <p>Threads: the future completes on the loop this reader belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param n how many bytes at most; negative: to EOF
     * @return the bytes; the future fails with the source's error if it reported one
     */
    public CompletableFuture<byte[]> readAsync(int n) {
        if (n == 0) return start(new Empty());
        return start(n < 0 ? new ReadToEof() : new ReadCount(n, false));
    }

    /**
     * Reads one line, up to and including {@code '\n'}. asyncio: {@code StreamReader.readline()}.
     * At EOF: the partial last line, then empty arrays. A line longer than the limit fails the
     * future with {@link LimitOverrunException} and is dropped (to its {@code '\n'}, or the whole
     * buffer if none has arrived yet), so the next call returns the next line.
     *
     * <p>Threads: the future completes on the loop this reader belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return the line, with its {@code '\n'} unless it is the last and has none
     */
    public CompletableFuture<byte[]> readLineAsync() {
        return start(new ReadUntil(NEWLINE, true));
    }

    /**
     * Reads up to and including {@code separator}. asyncio: {@code StreamReader.readuntil()}.
     * EOF first: {@link IncompleteReadException} with the bytes read ({@code expected() == -1}),
     * which leave the buffer. Separator not within the limit: {@link LimitOverrunException}, and
     * the buffer stays as it was. An empty separator: {@link IllegalArgumentException}.
     *
     * <p>Threads: the future completes on the loop this reader belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param separator the bytes that end the chunk
     * @return the chunk, separator included
     */
    public CompletableFuture<byte[]> readUntilAsync(byte[] separator) {
        if (separator == null || separator.length == 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("separator must be at least one byte"));
        }
        return start(new ReadUntil(separator.clone(), false));
    }

    /**
     * Reads exactly {@code n} bytes. asyncio: {@code StreamReader.readexactly()}. EOF first:
     * {@link IncompleteReadException} with the bytes read, which leave the buffer. {@code n == 0}:
     * empty at once; {@code n < 0}: {@link IllegalArgumentException}.
     *
     * <p>Threads: the future completes on the loop this reader belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @param n how many bytes
     * @return exactly {@code n} bytes
     */
    public CompletableFuture<byte[]> readExactlyAsync(int n) {
        if (n < 0) return CompletableFuture.failedFuture(new IllegalArgumentException("n must not be negative: " + n));
        return start(n == 0 ? new Empty() : new ReadCount(n, true));
    }

    /**
     * True when EOF was received and the buffer is empty. asyncio: {@code StreamReader.at_eof()}.
     *
     * @return true if no read can return data any more
     */
    public boolean atEof() {
        return eof && buffered == 0;
    }

    /** Starts {@code read} now on the loop thread, or posts it there. */
    private CompletableFuture<byte[]> start(Read read) {
        loop.runFor(read, () -> begin(read));
        return read;
    }

    /** A read on the loop thread: ends now if it can, or becomes the waiting read. */
    private void begin(Read read) {
        if (read.isDone()) return; // cancelled on its way to the loop
        if (loop.isClosed()) {
            read.failInternal(new IllegalStateException("event loop is closed"));
            return;
        }
        if (waiting != null && !waiting.isDone()) {
            read.failInternal(new IllegalStateException(read.name() + " called while another read is already waiting"));
            return;
        }
        waiting = null;
        if (exception != null) {
            read.failInternal(exception);
            return;
        }
        if (!read.attempt()) waiting = read;
        flowControl();
    }

    /** Takes the first {@code n} buffered bytes. */
    private byte[] take(int n) {
        byte[] out = n == 0 ? EMPTY : Arrays.copyOfRange(buf, head, head + n);
        head += n;
        buffered = tail - head;
        return out;
    }

    /** Puts back the {@code n} bytes the last {@link #take} took: nothing was appended since. */
    private void untake(int n) {
        head -= n;
        buffered = tail - head;
    }

    /** Index of {@code separator} in the buffer at or after {@code from} (relative to head), or -1. */
    private int indexOf(byte[] separator, int from) {
        int last = tail - separator.length;
        outer:
        for (int i = head + from; i <= last; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (buf[i + j] != separator[j]) continue outer;
            }
            return i - head;
        }
        return -1;
    }

    /**
     * One read: its own future, and the rule saying when it can end. Loop thread only, apart from
     * {@link #onCancel()}.
     */
    private abstract class Read extends LibraryFuture<byte[]> {
        /** Ends the read if the buffer (or EOF) allows it: true if it ended, cancelled or not. */
        abstract boolean attempt();

        abstract String name();

        /** Takes {@code n} bytes and completes with them; a cancellation that won puts them back. */
        final boolean succeed(int n) {
            if (waiting == this) waiting = null; // before completing: what the caller chains may read again
            byte[] data = take(n);
            if (!completeInternal(data)) untake(n);
            return true;
        }

        /** Takes {@code n} bytes, then fails with what {@code error} makes of them; a cancellation that won puts them back. */
        final boolean fail(int n, Function<byte[], Throwable> error) {
            if (waiting == this) waiting = null;
            byte[] data = take(n);
            if (!failInternal(error.apply(data))) untake(n);
            return true;
        }

        @Override
        void onCancel() {
            // Any thread. The loop notices the cancelled read, and lets a paused source go again.
            try {
                loop.schedule(StreamReader.this::serve);
            } catch (IllegalStateException closed) {
                // nothing runs any more
            }
        }

        @Override
        public String toString() {
            return name() + super.toString();
        }
    }

    /** read(0), readexactly(0): empty at once (after the source's error, if any). */
    private final class Empty extends Read {
        @Override
        boolean attempt() {
            return succeed(0);
        }

        @Override
        String name() {
            return "read(0)";
        }
    }

    /** read(n) for n &gt; 0: what is buffered, up to n; readexactly(n) ({@code exactly}): n, or IncompleteReadException at EOF. */
    private final class ReadCount extends Read {
        private final int n;
        private final boolean exactly;

        ReadCount(int n, boolean exactly) {
            this.n = n;
            this.exactly = exactly;
        }

        @Override
        boolean attempt() {
            int size = tail - head;
            if (size >= n) return succeed(n);
            if (!exactly && (size > 0 || eof)) return succeed(size);
            if (eof) return fail(size, partial -> new IncompleteReadException(partial, n));
            return false;
        }

        @Override
        String name() {
            return (exactly ? "readExactly(" : "read(") + n + ")";
        }
    }

    private final class ReadToEof extends Read {
        @Override
        boolean attempt() {
            return eof && succeed(tail - head);
        }

        @Override
        String name() {
            return "read(-1)";
        }
    }

    /** readuntil, and readline ({@code line}: EOF gives the partial line, an overrun drops the line). */
    private final class ReadUntil extends Read {
        private final byte[] separator;
        private final boolean line;
        /** Where the next search starts: the separator is not before it (asyncio's {@code offset}). */
        private int offset;

        ReadUntil(byte[] separator, boolean line) {
            this.separator = separator;
            this.line = line;
        }

        @Override
        boolean attempt() {
            int size = tail - head;
            int found = indexOf(separator, offset);
            if (found >= 0) {
                if (found > limit) return overrun("Separator is found, but chunk is longer than limit", found, found + separator.length);
                return succeed(found + separator.length);
            }
            offset = Math.max(0, size + 1 - separator.length);
            if (offset > limit) return overrun("Separator is not found, and chunk exceed the limit", offset, size);
            if (eof) return line ? succeed(size) : fail(size, partial -> new IncompleteReadException(partial, -1));
            return false;
        }

        /** readuntil leaves the buffer as it is; readline drops {@code drop} bytes, the over-long line. */
        private boolean overrun(String message, int consumed, int drop) {
            return fail(line ? drop : 0, dropped -> new LimitOverrunException(message, consumed));
        }

        @Override
        String name() {
            return line ? "readLine()" : "readUntil()";
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("StreamReader[limit=").append(limit).append(", ").append(buffered).append(" bytes");
        if (eof) s.append(", eof");
        if (exception != null) s.append(", exception=").append(exception);
        if (paused) s.append(", paused");
        Read w = waiting;
        if (w != null && !w.isDone()) s.append(", waiting: ").append(w.name());
        return s.append(']').toString();
    }
}
