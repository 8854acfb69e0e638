package dev.asyncio4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A connected, non-blocking {@link SocketChannel} on the loop's selector, under a
 * {@link StreamReader} and a {@link StreamWriter}. asyncio: {@code _SelectorSocketTransport} with a
 * {@code StreamReaderProtocol}. Loop thread only.
 *
 * <h2>States</h2>
 * Open (reading unless the reader paused it; writing while its buffer is non-empty), closing
 * ({@code close()}: no more reading, the buffer still goes out), closed (channel closed, the
 * writer told, the reader at EOF or failed). Reading: one {@code read} per readable event into a
 * per-thread buffer, copied into the reader; at EOF the reader gets EOF and the transport stays
 * open for writing (asyncio's {@code eof_received} returning true). Writing: straight to the
 * socket while nothing is buffered, the rest buffered with {@code OP_WRITE} selected until it is
 * gone. An I/O error (a reset, a broken pipe) closes the transport at once, dropping the buffer
 * (asyncio's {@code _force_close}): the reader fails with it, drains fail.
 */
final class SocketTransport implements Transport, ReadSource {
    /** asyncio's {@code max_size} of one socket read: 256 KiB. One per loop thread, reused. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SocketAddress peer;
    final StreamReader reader;
    final StreamWriter writer;
    /** Run once the transport has closed (the server counting its connections), or null. */
    private final Runnable onClosed;

    private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
    private long outgoingBytes;
    private boolean readingPaused;
    private boolean eofReceived;
    private boolean eofToWrite;
    private boolean closing;
    private boolean closed;

    private SocketTransport(EventLoop loop, SocketChannel channel, int limit, Runnable onClosed) {
        this.loop = loop;
        this.channel = channel;
        this.onClosed = onClosed;
        SocketAddress address;
        try {
            address = channel.getRemoteAddress();
        } catch (IOException e) {
            address = null;
        }
        peer = address;
        reader = new StreamReader(loop, limit);
        writer = new StreamWriter(loop, this, reader);
        reader.setSource(this);
    }

    /**
     * The streams of a connected channel, reading from now on. Loop thread.
     *
     * @param onClosed run on the loop once the transport has closed, or null
     */
    static Connection open(EventLoop loop, SocketChannel channel, int limit, Runnable onClosed) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // asyncio's default for TCP
        SocketTransport t = new SocketTransport(loop, channel, limit, onClosed);
        loop.addReader(channel, t::onReadable);
        return new Connection(t.reader, t.writer);
    }

    /**
     * Resolves {@code host}: at once for an IP literal, else on the loop's executor (asyncio runs
     * {@code getaddrinfo} there too), so that a DNS lookup never blocks the loop. Null: the wildcard.
     */
    static CompletableFuture<InetSocketAddress> resolve(EventLoop loop, String host, int port) {
        if (port < 0 || port > 0xFFFF) return CompletableFuture.failedFuture(new IllegalArgumentException("port out of range: " + port));
        if (host == null) return CompletableFuture.completedFuture(new InetSocketAddress(port));
        if (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            try {
                return CompletableFuture.completedFuture(new InetSocketAddress(InetAddress.getByName(host), port)); // a literal: no lookup
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return loop.runInExecutor(null, () -> new InetSocketAddress(InetAddress.getByName(host), port));
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    private void onReadable() {
        if (closed) return;
        ByteBuffer buffer = READ_BUFFER.get();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n > 0) {
            buffer.flip();
            reader.feedData(buffer);
        } else if (n < 0) {
            eofReceived = true;
            loop.removeReader(channel);
            reader.feedEof();
        }
    }

    @Override
    public void pauseReading() {
        if (closing || eofReceived || readingPaused) return;
        readingPaused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (!readingPaused) return;
        readingPaused = false;
        if (!closing && !eofReceived) loop.addReader(channel, this::onReadable);
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    @Override
    public void write(byte[] data) {
        if (closed || eofToWrite) return;
        ByteBuffer buffer = ByteBuffer.wrap(data);
        if (outgoing.isEmpty()) {
            try {
                channel.write(buffer);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (!buffer.hasRemaining()) return;
            buffer = ByteBuffer.wrap(data.clone(), buffer.position(), buffer.remaining()); // the caller keeps its array
            loop.addWriter(channel, this::onWritable);
        }
        outgoing.add(buffer);
        outgoingBytes += buffer.remaining();
    }

    private void onWritable() {
        if (closed) return;
        try {
            ByteBuffer[] all = outgoing.toArray(new ByteBuffer[0]);
            outgoingBytes -= channel.write(all);
        } catch (IOException e) {
            fail(e);
            return;
        }
        while (!outgoing.isEmpty() && !outgoing.peek().hasRemaining()) outgoing.poll();
        if (outgoing.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) finish(null);
            else if (eofToWrite) shutdownOutput();
        }
        writer.transportFlushed();
    }

    @Override
    public long writeBufferSize() {
        return outgoingBytes;
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void writeEof() {
        if (closing || eofToWrite) return;
        eofToWrite = true;
        if (outgoing.isEmpty()) shutdownOutput();
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        if (!eofReceived && !readingPaused) loop.removeReader(channel);
        // asyncio calls connection_lost on a later iteration: nothing runs inside the caller's close()
        if (outgoing.isEmpty()) loop.schedule(() -> finish(null));
    }

    @Override
    public SocketAddress peerAddress() {
        return peer;
    }

    // ------------------------------------------------------------------------------------------
    // The end

    /** An I/O error: close now, dropping what is buffered (asyncio's {@code _force_close}). */
    private void fail(IOException error) {
        outgoing.clear();
        outgoingBytes = 0;
        finish(error);
    }

    /** Closes the channel and tells both streams (asyncio's {@code connection_lost}). */
    private void finish(IOException error) {
        if (closed) return;
        closed = true;
        closing = true;
        loop.removeReader(channel);
        loop.removeWriter(channel);
        try {
            channel.close();
        } catch (IOException e) {
            loop.reportError(e);
        }
        if (error != null) reader.setException(error);
        else if (!eofReceived) reader.feedEof();
        writer.transportClosed(error);
        if (onClosed != null) onClosed.run();
    }

    @Override
    public String toString() {
        return "SocketTransport[" + peer + (closed ? ", closed" : closing ? ", closing" : "")
                + (readingPaused ? ", reading paused" : "") + ", " + outgoingBytes + " bytes to write]";
    }
}
