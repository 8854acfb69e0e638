package dev.asyncio4j;

import java.net.SocketAddress;

/**
 * What a {@link StreamWriter} writes through: a socket, or a pipe to a child process. asyncio:
 * {@code asyncio.WriteTransport}.
 *
 * <p>The writer calls every method on its loop's thread, except {@link #canWriteEof()} and
 * {@link #peerAddress()}, which are fixed when the transport is made and may be read from any thread. The transport, in turn, tells the writer
 * on that thread, through {@link StreamWriter#transportFlushed()}, that its buffer has gone down,
 * and through {@link StreamWriter#transportClosed(Throwable)}, exactly once, that it is closed:
 * closed by {@link #close()}, or lost because the peer went away or an I/O error occurred.
 */
interface Transport {
    /**
     * Sends {@code data}, buffering what cannot go out at once. Never blocks, and never throws
     * because the peer is gone: the loss is reported through {@code transportClosed(error)}
     * instead, and data written after that is dropped.
     *
     * @param data the bytes; the transport copies what it keeps
     */
    void write(byte[] data);

    /** @return the bytes buffered and not yet handed to the peer */
    long writeBufferSize();

    /** @return true if {@link #writeEof()} is supported (a socket: shutdownOutput; a pipe: close) */
    boolean canWriteEof();

    /** Closes the write half once the buffer is flushed; the read half stays open. */
    void writeEof();

    /** Closes the transport once the buffer is flushed (asyncio's {@code close()}); reading stops at once. Idempotent. */
    void close();

    /** @return the peer's address, or null for a pipe (asyncio: {@code get_extra_info('peername')}) */
    SocketAddress peerAddress();
}
