package dev.asyncio4j.benchmarks

import dev.asyncio4j.benchmarks.Scenarios.S9_YIELDS
import dev.asyncio4j.benchmarks.Scenarios.check

/** S9's bookkeeping, the same for every Kotlin system: which task stepped last, steps and switches. */
class PingPong {
    private var last = -1
    private var steps = 0
    private var switches = 0

    /** Task `me` takes a step: a switch when the other task stepped last. */
    fun step(me: Int) {
        if (last != me) switches++
        last = me
        steps++
    }

    /** Every step taken, each by the other task than the step before. */
    fun check(scenario: String): Long {
        check(scenario, "steps", S9_YIELDS.toLong(), steps.toLong())
        return check(scenario, "alternations", S9_YIELDS.toLong(), switches.toLong())
    }
}
