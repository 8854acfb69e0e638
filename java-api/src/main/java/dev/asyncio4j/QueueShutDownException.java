package dev.asyncio4j;

/** Thrown by a put on a shut-down queue, and by a get on a shut-down queue that is empty. asyncio: {@code asyncio.QueueShutDown}. */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message says what happened and what still works: the queue is shut down,
     * puts fail, gets fail once it is empty. The queue throws this one.
     */
    public QueueShutDownException() {
        super("the queue is shut down (shutdown() was called): puts fail, and gets fail once it is empty");
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
