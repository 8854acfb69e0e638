package dev.asyncio4j;

/** Thrown by a put on a shut-down queue, and by a get on a shut-down queue that is empty. asyncio: {@code asyncio.QueueShutDown}. */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with no message. */
    public QueueShutDownException() {
    }

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
