package dev.asyncio4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * {@link Asyncio#openConnection}'s future: resolves the host, connects a non-blocking
 * {@link SocketChannel} on the loop's selector ({@code OP_CONNECT}), then completes with the
 * connection's streams. asyncio: {@code open_connection} over {@code loop.create_connection}.
 *
 * <p>A failed connect fails it with the JDK's exception ({@link java.net.ConnectException} for a
 * refused one), the channel closed. Cancelling it (a simple cancel) closes the channel on the loop;
 * a connection that completes after the cancellation is closed, never leaked.
 */
final class Connecting extends LibraryFuture<Connection> {
    private final EventLoop loop;
    private final int limit;
    /** The channel being connected; loop thread only. */
    private SocketChannel channel;

    private Connecting(EventLoop loop, int limit) {
        super(loop, Cancel.IMMEDIATE, LateCancel.LOSES);
        this.loop = loop;
        this.limit = limit;
    }

    /** Starts connecting; loop thread. */
    static Connecting start(EventLoop loop, String host, int port, int limit) {
        Connecting c = new Connecting(loop, limit);
        if (host == null) {
            c.failInternal(new NullPointerException("host"));
        } else if (limit <= 0) {
            c.failInternal(new IllegalArgumentException("limit must be positive: " + limit));
        } else {
            SocketTransport.resolve(loop, host, port).whenComplete((address, error) -> {
                if (error != null) c.failInternal(Task.unwrap(error));
                else c.connect(address);
            });
        }
        return c;
    }

    private void connect(InetSocketAddress address) {
        if (isDone()) return; // cancelled while resolving
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (channel.connect(address)) connected();
            else loop.addWriter(channel, this::finishConnect);
        } catch (IOException | RuntimeException e) {
            abandon();
            failInternal(e);
        }
    }

    private void finishConnect() {
        loop.removeWriter(channel);
        if (isDone()) {
            abandon();
            return;
        }
        try {
            channel.finishConnect();
            connected();
        } catch (IOException e) {
            abandon();
            failInternal(e); // the JDK's ConnectException for a refused connection
        }
    }

    private void connected() throws IOException {
        Connection connection = SocketTransport.open(loop, channel, limit, null);
        channel = null;
        if (!completeInternal(connection)) connection.writer().close(); // cancelled meanwhile
    }

    /** Closes the channel, never registered again. */
    private void abandon() {
        SocketChannel c = channel;
        channel = null;
        if (c == null) return;
        loop.removeWriter(c);
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }

    @Override
    void onCancel() {
        try {
            loop.schedule(this::abandon); // any thread: the channel is the loop's
        } catch (IllegalStateException closed) {
            // the selector is closed; the channel closes with the loop's owner
        }
    }
}
