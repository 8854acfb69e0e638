package dev.asyncio4j;

/** When {@link Asyncio#wait} returns. asyncio: {@code asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}. */
public enum ReturnWhen {
    /** As soon as any input completes. */
    FIRST_COMPLETED,
    /** As soon as any input fails (a cancellation does not count), or when all are done. */
    FIRST_EXCEPTION,
    /** When every input is done. */
    ALL_COMPLETED
}
