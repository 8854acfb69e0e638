package dev.asyncio4j.examples

import dev.asyncio4j.Queue
import dev.asyncio4j.QueueShutDownException
import dev.asyncio4j.Semaphore
import dev.asyncio4j.kotlin.get
import dev.asyncio4j.kotlin.runAsyncio
import dev.asyncio4j.kotlin.withPermit
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/** The README's Kotlin quick start: the Java one, with coroutines on the asyncio loop. */
fun main() = runAsyncio {
    val jobs = Queue<String>()
    val slots = Semaphore(2)
    listOf("a", "b", "c", "d").forEach(jobs::putNowait)
    jobs.shutdown() // gets drain the queue, then throw QueueShutDownException
    coroutineScope {
        for (w in 1..3) launch {
            try {
                while (true) {
                    val job = jobs.get()
                    slots.withPermit { delay(100); println("worker-$w did $job") }
                }
            } catch (done: QueueShutDownException) {
            }
        }
    }
    println("all jobs done")
}
