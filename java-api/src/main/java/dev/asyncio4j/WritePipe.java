package dev.asyncio4j;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child's stdin, written by a pump thread: the {@link Transport} of its {@link StreamWriter}.
 * asyncio: the write pipe transport of {@code connect_write_pipe}.
 *
 * <h2>States</h2>
 * <pre>
 *   OPEN --close()/writeEof(): once the buffer is written, the pipe closes--&gt; CLOSED (writer told: null)
 *   OPEN --a write fails (the child closed its end: broken pipe)--&gt; CLOSED (writer told: the IOException)
 * </pre>
 * {@link #write} queues the bytes and never blocks or throws; data written once the pipe is
 * closing or closed is dropped. The writer learns on the loop that the buffer went down
 * ({@link StreamWriter#transportFlushed()}) and, once, that the pipe closed
 * ({@link StreamWriter#transportClosed}), which fails its waiting and later drains.
 *
 * <h2>Threads</h2>
 * The writer calls in on the loop's thread. A pump thread runs only while there is something to
 * write or close, and ends when the queue is empty, so an idle stdin holds no thread; the loop
 * counts it as outstanding I/O while it runs.
 */
final class WritePipe implements Transport {
    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private final StreamWriter writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** Bytes queued or being written; after a loss, those that never went out. */
    private long buffered;
    private boolean pumping;
    private boolean closing;
    /** The pipe is closed (by us, or lost): nothing is written any more. */
    private boolean done;

    WritePipe(EventLoop loop, OutputStream out, String name) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        this.writer = new StreamWriter(loop, this, null); // only stored: it calls in once the loop runs it
    }

    /** The child's stdin as the user sees it. */
    StreamWriter writer() {
        return writer;
    }

    @Override
    public void write(byte[] data) {
        if (data.length == 0) return;
        lock.lock();
        try {
            if (closing || done) return;
            queue.add(data.clone());
            buffered += data.length;
        } finally {
            lock.unlock();
        }
        pumpIfIdle();
    }

    @Override
    public long writeBufferSize() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true; // a pipe's EOF is its close (asyncio's _UnixWritePipeTransport)
    }

    @Override
    public void writeEof() {
        close();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closing || done) return;
            closing = true;
        } finally {
            lock.unlock();
        }
        pumpIfIdle(); // the pump closes the pipe after the last queued byte
    }

    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    /** Starts a pump thread unless one runs: it writes what is queued, then closes if asked, then ends. */
    private void pumpIfIdle() {
        lock.lock();
        try {
            if (pumping || done) return;
            pumping = true;
        } finally {
            lock.unlock();
        }
        loop.ioStarted();
        try {
            PumpThreads.start(name, this::pump);
        } catch (RuntimeException | Error cannotStart) {
            loop.ioFinished();
            finished(new IOException("cannot start the stdin pump", cannotStart));
            throw cannotStart;
        }
    }

    private void pump() {
        Throwable closed = null;
        boolean close = false;
        try {
            while (true) {
                byte[] next;
                lock.lock();
                try {
                    next = queue.poll();
                    if (next == null) {
                        close = closing;
                        if (!close) pumping = false; // the next write starts another pump
                        break;
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    out.write(next);
                    out.flush();
                } catch (IOException brokenPipe) {
                    closed = brokenPipe;
                    break;
                }
                lock.lock();
                try {
                    buffered -= next.length;
                } finally {
                    lock.unlock();
                }
                PumpThreads.post(loop, () -> writer.transportFlushed());
            }
            if (close || closed != null) {
                try {
                    out.close();
                } catch (IOException error) {
                    if (closed == null) closed = error;
                }
                finished(closed);
            }
        } finally {
            loop.ioFinished();
        }
    }

    /** The pipe is closed: drop what is queued, and tell the writer on the loop (null: closed as asked). */
    private void finished(Throwable cause) {
        lock.lock();
        try {
            done = true;
            pumping = false;
            queue.clear();
            // `buffered` keeps counting what never went out: a writer that checks it before it
            // hears of the loss (posted below) must see itself paused, so its drain waits and fails
            // (asyncio's drain yields once to hear of it, seeing the transport closing).
        } finally {
            lock.unlock();
        }
        if (cause != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        PumpThreads.post(loop, () -> writer.transportClosed(cause));
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "WritePipe[" + name + ", " + buffered + " bytes" + (done ? ", closed" : closing ? ", closing" : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
