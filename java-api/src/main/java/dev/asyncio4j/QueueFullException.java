package dev.asyncio4j;

/** Thrown when {@link Queue#putNowait} found the queue full. asyncio: {@code asyncio.QueueFull}. */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with no message. */
    public QueueFullException() {
    }

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueFullException(String message) {
        super(message);
    }
}
