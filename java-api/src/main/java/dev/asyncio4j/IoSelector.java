package dev.asyncio4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The loop's {@link Selector}: asyncio's {@code BaseSelectorEventLoop} reader and writer tables.
 * Package-private machinery of {@link EventLoop}, which creates it on the first
 * {@code addReader}/{@code addWriter} and from then on waits in {@link #select} instead of parking.
 *
 * <p>Each channel has at most one reader and one writer callback (a {@link Handle}); re-adding
 * replaces, and the replaced handle is cancelled. A channel stays registered with the selector
 * (interest set possibly empty) until it is closed, so that adding again never meets a
 * cancelled key. "Reading" is {@code OP_READ}, or {@code OP_ACCEPT} on a server channel;
 * "writing" is {@code OP_WRITE}, or {@code OP_CONNECT} on a socket still connecting. Ready
 * channels queue their handles on the loop's ready queue, in the iteration that selected them,
 * as asyncio's {@code _process_events} does; a cancelled handle found ready is removed.
 *
 * <p>Each channel with a callback counts as outstanding I/O on the loop
 * ({@link EventLoop#ioStarted()}), so a virtual clock does not jump meanwhile.
 *
 * <p>Threads: everything but {@link #wakeup()} runs on the loop's thread (or while it is not running).
 */
final class IoSelector {
    private final EventLoop loop;
    private final Selector selector;

    IoSelector(EventLoop loop) {
        this.loop = loop;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
    }

    /** A channel's callbacks: the key's attachment. */
    private static final class Interest {
        Handle reader, writer;

        boolean active() {
            return reader != null || writer != null;
        }
    }

    /** Sets the reader ({@code reading}) or writer callback of {@code channel}, replacing the one before. */
    Handle add(SelectableChannel channel, Runnable callback, boolean reading) {
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SelectionKey key = channel.keyFor(selector);
        Interest interest;
        if (key == null) {
            interest = new Interest();
            try {
                key = channel.register(selector, 0, interest);
            } catch (IOException e) { // ClosedChannelException
                throw new UncheckedIOException(e);
            }
        } else {
            interest = (Interest) key.attachment();
        }
        boolean wasActive = interest.active();
        Handle handle = loop.newCallback(callback);
        Handle old = reading ? interest.reader : interest.writer;
        if (old != null) old.cancel();
        if (reading) interest.reader = handle;
        else interest.writer = handle;
        key.interestOps(key.interestOps() | ops(channel, reading));
        if (!wasActive) loop.ioStarted();
        return handle;
    }

    /** Removes the reader or writer callback of {@code channel}: true if there was one. */
    boolean remove(SelectableChannel channel, boolean reading) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) return false;
        Interest interest = (Interest) key.attachment();
        Handle old = reading ? interest.reader : interest.writer;
        if (old == null) return false;
        old.cancel();
        if (reading) interest.reader = null;
        else interest.writer = null;
        if (key.isValid()) {
            int mask = reading ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT : SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
            key.interestOps(key.interestOps() & ~mask);
        }
        if (!interest.active()) loop.ioFinished();
        return true;
    }

    /** The interest bits that mean "readable" or "writable" for this channel. */
    private static int ops(SelectableChannel channel, boolean reading) {
        if (reading) return channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        // OP_CONNECT on a connected socket would be ready for ever: only while connecting.
        if (channel instanceof SocketChannel socket && socket.isConnectionPending()) return SelectionKey.OP_CONNECT;
        return channel.validOps() & SelectionKey.OP_WRITE;
    }

    /**
     * Waits up to {@code nanos} for ready channels (negative: until one is ready or
     * {@link #wakeup()}; zero: does not wait) and queues their callbacks on the loop.
     */
    void select(long nanos) {
        try {
            if (nanos == 0) selector.selectNow(this::dispatch);
            else if (nanos < 0) selector.select(this::dispatch);
            else selector.select(this::dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
        } catch (IOException e) {
            loop.reportError(e);
        }
    }

    private void dispatch(SelectionKey key) {
        Interest interest = (Interest) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException closed) {
            return;
        }
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) queue(key, interest.reader, true);
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) queue(key, interest.writer, false);
    }

    private void queue(SelectionKey key, Handle handle, boolean reading) {
        if (handle == null) return;
        if (handle.cancelled()) remove(key.channel(), reading); // asyncio: a cancelled handle found ready goes
        else loop.queueReady((Runnable) handle);
    }

    /** Makes a {@link #select} in progress, or the next one, return at once. Thread-safe. */
    void wakeup() {
        selector.wakeup();
    }

    /** Closes the selector (the channels stay open, as asyncio's loop leaves its file descriptors). */
    void close() {
        try {
            selector.close();
        } catch (IOException e) {
            loop.reportError(e);
        }
    }

    boolean isOpen() {
        return selector.isOpen();
    }

    @Override
    public String toString() {
        return "IoSelector[" + (selector.isOpen() ? selector.keys().size() + " channels" : "closed") + "]";
    }
}
