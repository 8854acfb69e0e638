package dev.asyncio4j;

/**
 * Where a {@link StreamReader}'s bytes come from, as far as the reader controls it: a socket
 * transport that stops selecting {@code OP_READ}, or a pipe pump that stops reading. asyncio: the
 * read half of a transport ({@code pause_reading()}/{@code resume_reading()}).
 *
 * <p>The reader calls both on its loop's thread: {@link #pauseReading()} once it holds more than
 * twice its limit with no read waiting, {@link #resumeReading()} once a read brings it down to its
 * limit or a read has to wait for more. Each is called only after the other (never twice in a row).
 */
interface ReadSource {
    /** Stop delivering data until {@link #resumeReading()}; what is already on its way may still arrive. */
    void pauseReading();

    /** Deliver data again. */
    void resumeReading();
}
