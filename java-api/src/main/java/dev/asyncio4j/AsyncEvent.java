package dev.asyncio4j;

import java.util.concurrent.CompletableFuture;

/**
 * An event flag that code can use without knowing where it lives: in this JVM ({@link Event}) or
 * shared by several processes (the Redis module's event). asyncio: the interface of
 * {@code asyncio.Event}.
 */
public interface AsyncEvent {

    /**
     * Waits until the flag is set. asyncio: {@code await event.wait()}.
     *
     * <p>Threads: the implementation completes the future, so it says where dependent stages run:
     * see {@link Event#waitAsync()} for the one in this JVM. Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future that completes once the flag is set (at once if it is set now)
     */
    CompletableFuture<Void> waitAsync();

    /** Sets the flag and wakes every waiter. asyncio: {@code event.set()}. */
    void set();

    /** Clears the flag; later waits wait again. asyncio: {@code event.clear()}. */
    void clear();

    /**
     * Tells whether the flag is set. asyncio: {@code event.is_set()}.
     *
     * @return the flag
     */
    boolean isSet();
}
