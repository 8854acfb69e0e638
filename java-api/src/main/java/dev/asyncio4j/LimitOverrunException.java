package dev.asyncio4j;

/**
 * A read up to a separator would need more than the reader's limit. asyncio:
 * {@code asyncio.LimitOverrunError} ({@code readline()} raises it as a {@code ValueError} there;
 * here {@link StreamReader#readLineAsync} fails with this exception too).
 *
 * <p>{@link StreamReader#readUntilAsync} leaves the buffer as it was; {@link StreamReader#readLineAsync}
 * drops the over-long line (to its separator, or the whole buffer if none has arrived), so the
 * reader stays usable.
 */
public class LimitOverrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The number of bytes to be consumed: where the separator was found, or how far the search got. */
    private final int consumed;

    /**
     * @param message what overran
     * @param consumed how many bytes would have to be consumed (asyncio: {@code consumed})
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * The number of bytes to be consumed: where the separator was found, or how far the search got.
     * asyncio: {@code LimitOverrunError.consumed}.
     *
     * @return the byte count
     */
    public int consumed() {
        return consumed;
    }
}
