package dev.asyncio4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child's stdout or stderr pumped into a {@link StreamReader}. asyncio: the read pipe transport
 * of {@code connect_read_pipe}, with {@code pause_reading}/{@code resume_reading}.
 *
 * <h2>States</h2>
 * <pre>
 *   READING --reader holds too much (pauseReading)--&gt; PAUSED --resumeReading--&gt; READING
 *   READING --EOF, or an I/O error--&gt; DONE (the reader gets EOF, or the error)
 * </pre>
 * The pump thread reads at most {@value #CHUNK} bytes at a time and posts each chunk to the loop,
 * where the reader gets it, in order. Before each read it waits while the reader has paused it,
 * or while the chunks posted and not yet delivered exceed the reader's limit: a busy loop cannot
 * make it pile up the child's output in the loop's queue either.
 *
 * <h2>Threads</h2>
 * One pump thread ({@link PumpThreads}) from {@link #start()} to EOF; while it runs the loop counts
 * it as outstanding I/O, so a virtual clock does not jump. {@code pauseReading} and
 * {@code resumeReading} come from the reader, on the loop's thread.
 */
final class ReadPipe implements ReadSource {
    /** asyncio's {@code max_size} for a pipe read is 256 KiB; one chunk of the reader's default limit keeps latency low. */
    static final int CHUNK = 65_536;

    private final EventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    private final String name;

    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: a virtual thread must not pin while it waits
    private final Condition mayRead = lock.newCondition();
    private boolean paused;
    /** Bytes posted to the loop and not yet fed to the reader. */
    private long inFlight;
    /** Times the reader paused and resumed this pipe (tests: flow control happened). */
    private int pauses, resumes;

    ReadPipe(EventLoop loop, InputStream in, StreamReader reader, String name) {
        this.loop = loop;
        this.in = in;
        this.reader = reader;
        this.name = name;
        reader.setSource(this);
    }

    /** Starts the pump thread; the loop counts it as outstanding I/O until it has posted EOF. */
    void start() {
        loop.ioStarted();
        try {
            PumpThreads.start(name, this::pump);
        } catch (RuntimeException | Error cannotStart) {
            loop.ioFinished();
            throw cannotStart;
        }
    }

    StreamReader reader() {
        return reader;
    }

    /** The pump thread's body: read, post, until EOF or an error; the reader learns which, in order. */
    private void pump() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (true) {
                if (!awaitMayRead()) return;
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException error) {
                    PumpThreads.post(loop, () -> reader.setException(error));
                    return;
                }
                if (n < 0) {
                    PumpThreads.post(loop, reader::feedEof);
                    return;
                }
                if (n == 0) continue;
                byte[] chunk = Arrays.copyOf(buffer, n);
                addInFlight(n);
                if (!PumpThreads.post(loop, () -> deliver(chunk))) return;
            }
        } finally {
            closeQuietly();
            loop.ioFinished(); // after the last post: the loop has it queued, so its clock cannot jump past it
        }
    }

    /** On the loop: the chunk reaches the reader, and the pump may read again. */
    private void deliver(byte[] chunk) {
        addInFlight(-chunk.length);
        reader.feedData(chunk);
    }

    private void addInFlight(long n) {
        lock.lock();
        try {
            inFlight += n;
            if (n < 0) mayRead.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while paused or too much is in flight; false if interrupted (the pump then stops). */
    private boolean awaitMayRead() {
        lock.lock();
        try {
            while (paused || inFlight > reader.limit()) mayRead.await();
            return true;
        } catch (InterruptedException stop) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pauseReading() {
        lock.lock();
        try {
            paused = true;
            pauses++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            resumes++;
            mayRead.signal();
        } finally {
            lock.unlock();
        }
    }

    /** {pauses, resumes} so far (tests). */
    int[] flowControlCounts() {
        lock.lock();
        try {
            return new int[] {pauses, resumes};
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the pipe is done with either way
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ReadPipe[" + name + (paused ? ", paused" : "") + ", in flight " + inFlight + "]";
        } finally {
            lock.unlock();
        }
    }
}
