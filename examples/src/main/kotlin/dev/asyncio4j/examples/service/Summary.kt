package dev.asyncio4j.examples.service

import java.time.Duration

/** What the service demo did, as the lines it prints at the end. */
class Summary(
    val options: ServiceDemo.Options,
    val stats: Stats,
    /** The most requests in flight at once. */
    val maxInFlight: Int,
    val wallTime: Duration,
) {
    val pages: Int get() = options.pages
    val fetched: Int get() = stats.fetched
    val failed: Int get() = stats.failed
    val timedOut: Int get() = stats.timedOut

    fun lines(): List<String> {
        val failures = stats.failuresByKind.entries.joinToString(", ") { "${it.key}: ${it.value}" }
        return listOf(
            "Summary: ${options.pages} pages from 127.0.0.1, at most ${options.limit} at once, ${options.timeout.toMillis()} ms timeout each",
            "  fetched      ${stats.fetched}",
            "  failed       ${stats.failed}" + if (failures.isEmpty()) "" else "  ($failures)",
            "  timed out    ${stats.timedOut}",
            "  accounted    ${stats.total} of ${options.pages}",
            "  concurrency  $maxInFlight at most (limit ${options.limit})",
            "  latency      p50 ${stats.latencyMillis(50.0)} ms, p90 ${stats.latencyMillis(90.0)} ms, " +
                "p99 ${stats.latencyMillis(99.0)} ms, max ${stats.latencyMillis(100.0)} ms (fetched pages)",
            "  wall time    ${"%.1f".format(wallTime.toMillis() / 1000.0)} s",
        )
    }
}
