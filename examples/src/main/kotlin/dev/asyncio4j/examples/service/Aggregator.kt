package dev.asyncio4j.examples.service

import dev.asyncio4j.Event
import dev.asyncio4j.EventLoop
import dev.asyncio4j.Queue
import dev.asyncio4j.examples.service.PageResult.Outcome
import dev.asyncio4j.kotlin.asCoroutineDispatcher
import dev.asyncio4j.kotlin.consumeAsFlow
import dev.asyncio4j.kotlin.wait
import java.util.concurrent.CompletableFuture
import java.util.function.IntSupplier
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The Kotlin side of the service demo: coroutines on the event loop's dispatcher take results off
 * the asyncio4j [Queue] the Java fetchers fill, count them, and show their [ProgressLine], until the
 * [Event] says everything is in; then they shut the queue down and return the [Stats].
 */
class Aggregator @JvmOverloads constructor(
    private val inFlight: IntSupplier,
    private val progress: ProgressLine?,
    private val consumers: Int = 4,
) {
    /** Starts the aggregation on the running loop; for Java, a future (cancelling it cancels the coroutines). */
    fun start(results: Queue<PageResult>, shutdown: Event): CompletableFuture<Stats> =
        CoroutineScope(EventLoop.running().asCoroutineDispatcher()).future { aggregate(results, shutdown) }

    /** Consumes [results] until [shutdown] is set. */
    suspend fun aggregate(results: Queue<PageResult>, shutdown: Event): Stats = coroutineScope {
        val stats = Stats()
        launch {
            shutdown.wait() // the Event triggers shutdown: the consumers' flows end
            results.shutdown()
        }
        repeat(consumers) {
            launch { results.consumeAsFlow().collect { stats.add(it) } }
        }
        if (progress != null) {
            launch {
                while (!shutdown.isSet) {
                    progress.show(stats, inFlight.asInt, last = false)
                    withTimeoutOrNull(100.milliseconds) { shutdown.wait() }
                }
                progress.show(stats, inFlight.asInt, last = true)
            }
        }
        stats
    }
}

/** The counts and latencies of the pages seen so far (touched on the loop thread only). */
class Stats {
    var fetched = 0
        private set
    var failed = 0
        private set
    var timedOut = 0
        private set
    private val failures = sortedMapOf<String, Int>()
    private val latencies = ArrayList<Long>()

    val total: Int get() = fetched + failed + timedOut

    /** Failures by what they were (e.g. "HTTP 503"). */
    val failuresByKind: Map<String, Int> get() = failures

    fun add(result: PageResult) {
        when (result.outcome) {
            Outcome.FETCHED -> {
                fetched++
                latencies += result.latencyNanos
            }
            Outcome.FAILED -> {
                failed++
                failures.merge(result.detail, 1, Int::plus)
            }
            Outcome.TIMED_OUT -> timedOut++
        }
    }

    /** The [p]-th percentile (nearest rank) of the fetched pages' latencies, in milliseconds; 0 if none. */
    fun latencyMillis(p: Double): Long {
        if (latencies.isEmpty()) return 0
        val sorted = latencies.sorted()
        val rank = kotlin.math.ceil(p / 100 * sorted.size).toInt().coerceIn(1, sorted.size)
        return sorted[rank - 1] / 1_000_000
    }
}
