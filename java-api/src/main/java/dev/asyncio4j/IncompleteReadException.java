package dev.asyncio4j;

import java.io.EOFException;

/**
 * The stream ended before a read got what it asked for. asyncio: {@code asyncio.IncompleteReadError}.
 *
 * <p>{@link StreamReader#readExactlyAsync} fails with it when EOF comes before {@code n} bytes, and
 * {@link StreamReader#readUntilAsync} when EOF comes before the separator. The bytes that were read
 * are in {@link #partial()}; they have left the reader's buffer.
 */
public class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;

    /** The bytes read before EOF. */
    private final byte[] partial;
    /** The number of bytes asked for; -1 when a separator was asked for. */
    private final int expected;

    /**
     * @param partial the bytes read before EOF (kept, not copied)
     * @param expected the number of bytes asked for, or -1 when a separator was asked for
     */
    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before EOF. asyncio: {@code IncompleteReadError.partial}.
     *
     * @return the partial read (the array itself, not a copy)
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * The number of bytes asked for; -1 for a read up to a separator (asyncio: {@code expected is None}).
     *
     * @return the expected length, or -1
     */
    public int expected() {
        return expected;
    }
}
