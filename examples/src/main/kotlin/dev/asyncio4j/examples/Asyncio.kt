package dev.asyncio4j.examples

import dev.asyncio4j.ExceptionGroup
import java.util.concurrent.TimeoutException
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout

// The three asyncio shapes whose Kotlin spelling differs enough to need a name.

/** `asyncio.gather(a(), b(), ...)`: each a child coroutine, started in order; the results in order. */
suspend fun <T> gather(vararg coros: suspend () -> T): List<T> = gather(coros.asList()) { it() }

/** `asyncio.gather(*[coro(a) for a in args])`. */
suspend fun <A, T> gather(args: Iterable<A>, coro: suspend (A) -> T): List<T> =
    coroutineScope { args.map { async { coro(it) } }.awaitAll() }

/**
 * `asyncio.wait_for(aw, timeout)`: as `withTimeout`, but the timeout ends the caller with
 * [TimeoutException] (asyncio's `TimeoutError`), an ordinary failure, not a cancellation.
 */
suspend fun <T> waitFor(timeout: Duration, block: suspend CoroutineScope.() -> T): T =
    try {
        withTimeout(timeout, block)
    } catch (e: TimeoutCancellationException) {
        throw TimeoutException(e.message)
    }

/**
 * `async with asyncio.TaskGroup() as tg:` over `coroutineScope`: a failure of the body or of a
 * child cancels the rest and, once all have ended, is thrown as an [ExceptionGroup] of every
 * failure, as CPython 3.11+ does ("unhandled errors in a TaskGroup (1 sub-exception)").
 */
suspend fun <T> taskGroup(block: suspend CoroutineScope.() -> T): T =
    try {
        coroutineScope(block)
    } catch (e: CancellationException) {
        throw e
    } catch (e: Exception) {
        throw ExceptionGroup("unhandled errors in a TaskGroup", listOf(e) + e.suppressed)
    }
