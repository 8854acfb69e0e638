package dev.asyncio4j.tests

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.LongAdder

/**
 * Chaos with deadlines racing completions: the way users bound a wait (`Asyncio.waitFor(aw, d)`,
 * `Asyncio.timeout(d) { aw }`, a thread's `get(d)` then `cancel`, Kotlin's `withTimeoutOrNull(d)`)
 * with deadlines of a few microseconds, so that many of them pass in the window between the
 * primitive's grant and the caller's resumption. Java tasks on two started loops (one of them on
 * a virtual clock), platform threads and Kotlin coroutines on a loop's dispatcher share one
 * primitive, and some futures are also cancelled outright.
 *
 * The rule checked (docs/semantics.md §2, §10 waitFor, §12 timeout): whatever the caller is told is the
 * truth. An acquire reported done means the caller holds a permit; a timeout means it holds
 * nothing. An item whose put was reported done is delivered exactly once; an item whose put
 * timed out is never delivered. The run stops after [operations] attempts (system property
 * `chaos.operations`, raised by `-Pstress`) and counts what was lost or duplicated.
 */
internal class DeadlineRaceChaos(
    private val operations: Long = System.getProperty("chaos.operations", "60000").toLong(),
) : AutoCloseable {
    private val loops = listOf(EventLoop().start(), EventLoop.withVirtualClock().start())
    private val kotlinLoop = EventLoop().start()
    private val attempts = LongAdder()
    private val stop = AtomicBoolean()
    private val failures = ConcurrentLinkedQueue<Throwable>()

    /** What one run counted. */
    class Figures {
        val operations = LongAdder()
        val completed = LongAdder()
        val deadlinesRaced = LongAdder()
        val cancelled = LongAdder()
        val lost = LongAdder()
        val duplicated = LongAdder()

        override fun toString() = "${operations.sum()} operations: ${completed.sum()} completed, " +
            "${deadlinesRaced.sum()} ended by their deadline, ${cancelled.sum()} cancelled; " +
            "lost ${lost.sum()}, duplicated ${duplicated.sum()}"
    }

    val figures = Figures()

    /** One attempt, as a Java caller on a loop (inside a task) or on a platform thread writes it. */
    fun interface JavaAttempt {
        fun run(random: ThreadLocalRandom, onLoop: Boolean): CompletionStage<*>
    }

    /** One attempt, as a Kotlin coroutine writes it. */
    fun interface KotlinAttempt {
        suspend fun run(random: ThreadLocalRandom)
    }

    /** A deadline of 0 to 60 microseconds: short enough to race the grants. */
    fun deadline(random: ThreadLocalRandom): Duration = Duration.ofNanos(random.nextLong(0, 60_000))

    /**
     * Bounds [operation] the way a Java caller would, chosen at random: `waitFor`, `timeout`, on a
     * loop; on a thread, a bounded `get` and a `cancel` when it timed out, or `orTimeout`.
     * Completes with the operation's value in a [Done], or with null when the caller was told it
     * did not happen (a timeout or a cancellation): then it must hold nothing.
     */
    fun <T> bounded(random: ThreadLocalRandom, onLoop: Boolean, operation: () -> CompletableFuture<T>): CompletableFuture<Done<T>?> {
        val d = deadline(random)
        val f: CompletableFuture<T> = if (onLoop) {
            when (random.nextInt(4)) {
                0 -> Asyncio.timeout(d) { operation() }
                1 -> Asyncio.waitFor(operation(), Duration.ZERO.takeIf { random.nextBoolean() } ?: d)
                else -> Asyncio.waitFor(operation(), d).also { if (random.nextInt(10) == 0) it.cancel(false) }
            }
        } else {
            val op = operation()
            if (random.nextBoolean()) {
                op.orTimeout(d.toNanos(), TimeUnit.NANOSECONDS)
            } else {
                try {
                    op.get(d.toNanos(), TimeUnit.NANOSECONDS)
                } catch (_: TimeoutException) {
                    op.cancel(false)
                } catch (_: ExecutionException) {
                } catch (_: CancellationException) {
                }
                op
            }
        }
        return f.handle { value, error ->
            figures.operations.increment()
            when (val cause = unwrap(error)) {
                null -> figures.completed.increment()
                is TimeoutException -> figures.deadlinesRaced.increment()
                is CancellationException -> figures.cancelled.increment()
                else -> throw CompletionException(cause)
            }
            if (error == null) Done(value) else null
        }
    }

    /** What a bounded operation reported done, with its value. */
    class Done<T>(val value: T)

    /** Reports a broken rule; the run fails with it. */
    fun violation(message: String) {
        failures.add(AssertionError(message))
    }

    /**
     * Runs [java] from [tasksPerLoop] concurrent tasks on each loop and [threads] platform
     * threads, and [kotlin] from [coroutines] coroutines, half on a loop's dispatcher and half on
     * `Dispatchers.Default`, until
     * [operations] attempts were made; returns once every actor has stopped.
     */
    fun run(tasksPerLoop: Int, threads: Int, coroutines: Int, java: JavaAttempt, kotlin: KotlinAttempt) {
        val actors = CountDownLatch(loops.size * tasksPerLoop + threads + 1)
        for (loop in loops) repeat(tasksPerLoop) { loop.execute { nextTask(loop, java, actors) } }
        repeat(threads) { i ->
            Thread({
                try {
                    val random = ThreadLocalRandom.current()
                    while (more()) java.run(random, false).toCompletableFuture().get(30, TimeUnit.SECONDS)
                } catch (t: Throwable) {
                    failures.add(t)
                } finally {
                    actors.countDown()
                }
            }, "chaos-thread-$i").apply { isDaemon = true }.start()
        }
        val scope = CoroutineScope(SupervisorJob() + kotlinLoop.asCoroutineDispatcher())
        val dispatchers = listOf(kotlinLoop.asCoroutineDispatcher(), Dispatchers.Default)
        val coroutineActors = (1..coroutines).map { n ->
            scope.launch(dispatchers[n % dispatchers.size]) {
                val random = ThreadLocalRandom.current()
                while (more()) {
                    try {
                        kotlin.run(random)
                    } catch (t: Throwable) {
                        if (t !is CancellationException) failures.add(t)
                    }
                }
            }
        }
        scope.launch {
            coroutineActors.forEach { it.join() }
            actors.countDown()
        }
        val finished = actors.await(120, TimeUnit.SECONDS)
        stop.set(true)
        scope.cancel()
        if (!finished) failures.add(AssertionError("the actors did not finish within 120 s: a lost wake-up or a leaked grant"))
        println("deadline-race chaos: $figures")
        failures.firstOrNull()?.let { first ->
            failures.drop(1).take(5).forEach(first::addSuppressed)
            throw first
        }
    }

    private fun more(): Boolean {
        if (stop.get() || !failures.isEmpty()) return false
        attempts.increment()
        return attempts.sum() < operations
    }

    /** Each attempt on a loop is a task; the next starts when it is done. */
    private fun nextTask(loop: EventLoop, java: JavaAttempt, actors: CountDownLatch) {
        if (!more()) {
            actors.countDown()
            return
        }
        val task = loop.createTask { java.run(ThreadLocalRandom.current(), true) }
        task.toCompletableFuture().whenComplete { _, error ->
            val cause = unwrap(error)
            if (cause != null && cause !is CancellationException) failures.add(cause)
            nextTask(loop, java, actors)
        }
    }

    /**
     * A Kotlin caller's bounded wait: the value, or null when the deadline won. It notes the value
     * inside the block, as kotlinx's `withTimeout` documentation asks of code that acquires a
     * resource in a timed block: on a multi-threaded dispatcher the timeout may fire after the
     * block's last suspension returned, and `withTimeoutOrNull` then drops the block's result
     * (kotlinx's rule, the same with its own Mutex). On the loop's dispatcher the timer runs on
     * the coroutine's own thread, so that window does not exist there.
     */
    suspend fun <T : Any> boundedKotlin(random: ThreadLocalRandom, operation: suspend () -> T): T? {
        if (random.nextInt(8) == 0) yield()
        var value: T? = null
        withTimeoutOrNull(random.nextLong(1, 3)) { value = operation() } // Kotlin's deadlines are whole milliseconds
        figures.operations.increment()
        if (value == null) figures.deadlinesRaced.increment() else figures.completed.increment()
        return value
    }

    override fun close() {
        stop.set(true)
        (loops + kotlinLoop).forEach { it.close() }
    }

    companion object {
        fun unwrap(error: Throwable?): Throwable? {
            var e = error
            while ((e is CompletionException || e is ExecutionException) && e.cause != null) e = e.cause
            return e
        }
    }
}
