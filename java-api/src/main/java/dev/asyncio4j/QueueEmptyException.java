package dev.asyncio4j;

/** Thrown when {@link Queue#getNowait()} found the queue empty. asyncio: {@code asyncio.QueueEmpty}. */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with no message. */
    public QueueEmptyException() {
    }

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
