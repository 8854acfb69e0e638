package dev.asyncio4j.tests

import dev.asyncio4j.EventLoop
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertFalse
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit

/**
 * The harness of the mixed-language stress tests: one primitive shared until a deadline by Java
 * threads (futures, one in four cancelled) and Kotlin coroutines on Dispatchers.Default and on a
 * running event loop's dispatcher (each attempt a child job, one in three cancelled after a
 * yield). Each test keeps its own operations, critical section and assertions. The run lasts
 * system property `stress.seconds` (default 2).
 */
internal class MixedContention(val loop: EventLoop) {
    private val seconds = System.getProperty("stress.seconds", "2").toLong()
    private val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)

    /** How long the workers may take to finish: the run, plus a minute. */
    val timeoutMillis = TimeUnit.SECONDS.toMillis(seconds) + 60_000

    fun running() = System.nanoTime() < deadline

    /** Starts [count] Java threads, each running [body] with its random. */
    fun javaThreads(count: Int, body: (ThreadLocalRandom) -> Unit): List<Thread> =
        (1..count).map { Thread { body(ThreadLocalRandom.current()) }.apply { start() } }

    /** Starts [count] Java threads, each repeating [step] until the deadline. */
    fun javaThreadsUntilDeadline(count: Int, step: (ThreadLocalRandom) -> Unit): List<Thread> =
        javaThreads(count) { random -> while (running()) step(random) }

    /**
     * Launches in [scope] [perDispatcher] coroutines on Dispatchers.Default, then as many on the
     * loop's dispatcher, each running [body].
     */
    fun coroutines(scope: CoroutineScope, perDispatcher: Int, body: suspend CoroutineScope.() -> Unit): List<Job> {
        val workers = mutableListOf<Job>()
        for (dispatcher in listOf(Dispatchers.Default, loop.asCoroutineDispatcher())) {
            repeat(perDispatcher) { workers += scope.launch(dispatcher, block = body) }
        }
        return workers
    }

    /** Launches [perDispatcher] coroutines on each dispatcher, each repeating [attempt] until the deadline. */
    fun coroutinesUntilDeadline(scope: CoroutineScope, perDispatcher: Int, attempt: suspend CoroutineScope.() -> Unit) =
        coroutines(scope, perDispatcher) { while (running()) attemptCancelledSometimes(attempt) }
}

/** Runs [block] with a started event loop, closed after it. */
internal fun <T> mixedContention(block: MixedContention.() -> T): T {
    val loop = EventLoop().start()
    try {
        return MixedContention(loop).block()
    } finally {
        loop.close()
    }
}

/** One time in four, cancels [f]; true if that cancel took effect (the operation never happens). */
internal fun ThreadLocalRandom.cancelledSometimes(f: CompletableFuture<*>) = nextInt(4) == 0 && f.cancel(false)

/** Runs [attempt] in a child job that, one time in three, is cancelled after a yield; returns when it ended. */
internal suspend fun CoroutineScope.attemptCancelledSometimes(attempt: suspend CoroutineScope.() -> Unit) {
    val job = launch(block = attempt)
    if (ThreadLocalRandom.current().nextInt(3) == 0) {
        yield()
        job.cancel()
    }
    job.join()
}

/** Joins [threads], each within [timeoutMillis], and asserts they finished: one still alive lost a wake-up. */
internal fun joinAll(threads: List<Thread>, timeoutMillis: Long, who: String) {
    threads.forEach { it.join(timeoutMillis) }
    threads.forEach { assertFalse(it.isAlive, "$who never finished: lost wake-up") }
}

/**
 * runBlocking with a started event loop (closed after) for the cancellation races; a
 * CancellationException escaping [block] fails the test instead of ending it quietly.
 */
internal fun runBlockingWithLoop(block: suspend CoroutineScope.(EventLoop) -> Unit) = runBlocking {
    val loop = EventLoop().start()
    try {
        block(loop)
    } catch (e: CancellationException) {
        throw AssertionError(e)
    } finally {
        loop.close()
    }
}
