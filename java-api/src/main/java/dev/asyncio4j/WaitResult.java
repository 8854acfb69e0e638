package dev.asyncio4j;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link Asyncio#wait} returns: asyncio's {@code (done, pending)} pair. The sets hold the
 * inputs as {@code CompletableFuture}s (for a {@link Task}, its {@link Task#toCompletableFuture()},
 * the same object every time), in input order. The sets are unmodifiable.
 *
 * @param done the inputs that were done when the wait returned
 * @param pending the inputs that were not
 * @param <T> the type of the inputs' results
 */
public record WaitResult<T>(Set<CompletableFuture<T>> done, Set<CompletableFuture<T>> pending) {
}
