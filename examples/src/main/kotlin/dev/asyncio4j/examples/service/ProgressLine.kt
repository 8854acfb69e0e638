package dev.asyncio4j.examples.service

import java.io.PrintStream

/**
 * The demo's progress line. On a terminal ([live]) one bar, redrawn in place with a carriage
 * return; anywhere else (a pipe, a file, a CI log) a new line each time another tenth of the
 * pages is in, so that a log reads ten short lines rather than one line of thousands of characters.
 */
class ProgressLine(private val out: PrintStream, private val live: Boolean, private val pages: Int) {
    private var tenthsShown = 0

    /** Shows [stats] with [inFlight] requests under way; [last]: the final call, which ends the line. */
    fun show(stats: Stats, inFlight: Int, last: Boolean) {
        val done = stats.total
        val width = 30
        val filled = if (pages == 0) width else done * width / pages
        val text = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] $done/$pages pages" +
            "  fetched ${stats.fetched}  failed ${stats.failed}  timed out ${stats.timedOut}" +
            "  in flight ${"%-4d".format(inFlight)}"
        if (live) {
            out.print("\r" + text)
            if (last) out.println()
        } else {
            val tenths = if (pages == 0) 10 else done * 10 / pages
            if (tenths > tenthsShown) {
                tenthsShown = tenths
                out.println(text.trimEnd())
            }
        }
        out.flush()
    }
}
