package dev.asyncio4j.examples

import dev.asyncio4j.Asyncio
import dev.asyncio4j.EventLoop
import java.util.concurrent.CompletionStage
import java.util.function.Supplier
import kotlinx.coroutines.CoroutineScope

/**
 * `asyncio.run(main())` for the examples, in both languages: on a virtual clock (sleeps take no
 * time, the output is the same) unless [realTime].
 */
class Runner(val realTime: Boolean) {
    /** Java: `Asyncio.run` on a fresh loop. */
    fun <T> run(main: Supplier<out CompletionStage<T>>): T =
        Asyncio.run(if (realTime) EventLoop() else EventLoop.withVirtualClock(), main)

    /** Kotlin: `runAsyncio`, coroutines on the loop dispatcher. */
    fun <T> runAsyncio(block: suspend CoroutineScope.() -> T): T =
        dev.asyncio4j.kotlin.runAsyncio(virtualClock = !realTime, block = block)
}
