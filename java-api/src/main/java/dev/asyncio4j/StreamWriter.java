package dev.asyncio4j;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The write end of a stream: a socket, or a child's stdin. asyncio: {@code asyncio.StreamWriter}.
 *
 * <pre>{@code
 * writer.write(request);
 * writer.drainAsync().thenCompose(v -> reader.readLineAsync());
 * }</pre>
 *
 * <h2>States</h2>
 * Open, then closing ({@link #close()} called: buffered data still goes out), then closed (the
 * transport has closed, or was lost because the peer went away or an I/O error occurred).
 * {@link #writeEof()} closes only the write half. Writes go to the transport's buffer; above
 * the high-water mark (64 KiB) the writer is paused, and {@link #drainAsync()} waits until the
 * buffer falls to the low-water mark (16 KiB), asyncio's defaults.
 *
 * <h2>Cancellation</h2>
 * {@code drainAsync} and {@code waitClosedAsync} are simple waits: {@code cancel()} completes the
 * future at once and changes nothing else; the bytes written stay buffered and go out.
 *
 * <h2>Threads</h2>
 * A writer belongs to the loop that made it. Its methods may be called from any thread: from
 * another thread, {@code write} copies the data and posts it (and {@code writeEof}, {@code close})
 * to the loop, in call order; futures complete on the loop's thread.
 *
 * <h2>asyncio differs</h2>
 * <ul>
 *   <li>{@code write} after {@code close()}, or once the peer is gone, drops the data silently
 *       (asyncio's transport counts it and logs a warning after a few).</li>
 *   <li>{@code drainAsync} does not yield an iteration when it need not wait: its future is
 *       complete at once (asyncio's {@code drain} yields once while the transport is closing).</li>
 * </ul>
 */
public final class StreamWriter {
    /** asyncio's default high-water mark of a write buffer: 64 KiB. */
    static final long HIGH_WATER = 64 * 1024;
    /** asyncio's default low-water mark: a quarter of the high one. */
    static final long LOW_WATER = HIGH_WATER / 4;

    private final EventLoop loop;
    private final Transport transport;
    /** The reader of the same connection, whose error a drain reports first (asyncio's rule), or null. */
    private final StreamReader reader;

    private volatile boolean closing;
    private volatile boolean eofWritten;
    // Loop thread only:
    private boolean paused;
    private boolean closed;
    /** Why the transport closed: null for a close of our own. */
    private Throwable closeCause;
    private final List<LibraryFuture<Void>> drainers = new ArrayList<>();
    private final List<LibraryFuture<Void>> closeWaiters = new ArrayList<>();

    /**
     * @param loop the loop it belongs to
     * @param transport what it writes through; it calls back {@link #transportFlushed()} and {@link #transportClosed}
     * @param reader the reader of the same connection, or null
     */
    StreamWriter(EventLoop loop, Transport transport, StreamReader reader) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.reader = reader;
    }

    Transport transport() {
        return transport;
    }

    /**
     * Writes {@code data}: buffers it and never blocks. asyncio: {@code StreamWriter.write()}. It
     * does not throw because the peer is gone (a later {@link #drainAsync()} reports that), and
     * drops the data once the writer is closing; call {@code drainAsync()} to wait for room.
     *
     * @param data the bytes to send
     * @throws IllegalStateException after {@link #writeEof()} (asyncio: {@code RuntimeError})
     */
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (eofWritten) throw new IllegalStateException("cannot write after writeEof()");
        if (data.length == 0 || closing) return;
        if (loop.inLoopThread()) {
            writeNow(data);
        } else {
            byte[] copy = data.clone(); // the caller may reuse its array before the loop gets to it
            loop.runOrPost(() -> writeNow(copy)); // on a closed loop nothing goes out any more
        }
    }

    private void writeNow(byte[] data) {
        if (closed) return; // a write posted before close() still goes out: it reaches the transport first
        transport.write(data);
        if (transport.writeBufferSize() > HIGH_WATER) paused = true; // asyncio's pause_writing
    }

    /**
     * Waits until the write buffer is below the high-water mark. asyncio: {@code StreamWriter.drain()}.
     * Completes at once if the writer is not paused; fails with the reader's error if the source
     * reported one, and with an {@link IOException} once the transport is closed (the peer gone:
     * asyncio's {@code ConnectionResetError}), including while it waits.
     *
     * <p>Threads: the future completes on the loop this writer belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return completes when there is room to write again
     */
    public CompletableFuture<Void> drainAsync() {
        LibraryFuture<Void> drain = new LibraryFuture<>();
        loop.runFor(drain, () -> {
            Throwable readerError = reader == null ? null : reader.exception();
            if (readerError != null) drain.failInternal(readerError);
            else if (closed) drain.failInternal(connectionLost());
            else if (!paused) drain.completeInternal(null);
            else drainers.add(drain);
        });
        return drain;
    }

    /**
     * True if {@link #writeEof()} is supported. asyncio: {@code StreamWriter.can_write_eof()}.
     *
     * @return true for sockets and pipes
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the write half once the buffered data has gone out; reading goes on. asyncio:
     * {@code StreamWriter.write_eof()}. A second call does nothing.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     */
    public void writeEof() {
        if (!transport.canWriteEof()) throw new UnsupportedOperationException("this transport cannot write EOF");
        if (eofWritten) return;
        eofWritten = true;
        loop.runOrPost(() -> {
            if (!closed) transport.writeEof();
        });
    }

    /**
     * Closes the stream: buffered data still goes out, then the transport closes; reading stops.
     * asyncio: {@code StreamWriter.close()}. Idempotent; {@link #waitClosedAsync()} waits for the end.
     */
    public void close() {
        if (closing) return;
        closing = true;
        loop.runOrPost(() -> {
            if (!closed) transport.close();
        });
    }

    /**
     * True once {@link #close()} was called or the transport closed. asyncio: {@code StreamWriter.is_closing()}.
     *
     * @return true if closing or closed
     */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Completes once the transport has closed. asyncio: {@code StreamWriter.wait_closed()}. Fails
     * with the transport's error if it was lost to one (a reset by the peer, say).
     *
     * <p>Threads: the future completes on the loop this writer belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> waitClosedAsync() {
        LibraryFuture<Void> wait = new LibraryFuture<>();
        loop.runFor(wait, () -> {
            if (!closed) closeWaiters.add(wait);
            else if (closeCause == null) wait.completeInternal(null);
            else wait.failInternal(closeCause);
        });
        return wait;
    }

    /**
     * The peer's address. asyncio: {@code get_extra_info('peername')}.
     *
     * @return the remote socket address, or null for a pipe
     */
    public SocketAddress peerAddress() {
        return transport.peerAddress();
    }

    // ------------------------------------------------------------------------------------------
    // The transport's side: loop thread only

    /** The transport's buffer went down: resume drains at the low-water mark (asyncio's {@code resume_writing}). */
    void transportFlushed() {
        if (!paused || transport.writeBufferSize() > LOW_WATER) return;
        paused = false;
        completeAll(drainers, null);
    }

    /**
     * The transport closed: by {@link #close()} ({@code cause} null), or lost to the peer or an
     * I/O error. asyncio: {@code connection_lost}. Waiting drains fail; closed-waiters end.
     */
    void transportClosed(Throwable cause) {
        if (closed) return;
        closed = true;
        closing = true;
        closeCause = cause;
        List<LibraryFuture<Void>> drains = new ArrayList<>(drainers);
        drainers.clear();
        for (LibraryFuture<Void> d : drains) d.failInternal(connectionLost());
        completeAll(closeWaiters, cause);
    }

    private IOException connectionLost() {
        return closeCause instanceof IOException io ? new IOException("Connection lost: " + io.getMessage(), io)
                : new IOException("Connection lost", closeCause);
    }

    private static void completeAll(List<LibraryFuture<Void>> futures, Throwable error) {
        List<LibraryFuture<Void>> all = new ArrayList<>(futures); // what they chain may add more
        futures.clear();
        for (LibraryFuture<Void> f : all) {
            if (error == null) f.completeInternal(null);
            else f.failInternal(error);
        }
    }


    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("StreamWriter[");
        SocketAddress peer = transport.peerAddress();
        s.append(peer == null ? "pipe" : peer);
        if (closed) s.append(", closed");
        else if (closing) s.append(", closing");
        if (eofWritten) s.append(", eof written");
        if (paused) s.append(", paused");
        return s.append(']').toString();
    }
}
