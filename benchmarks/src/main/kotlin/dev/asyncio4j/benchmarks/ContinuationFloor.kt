@file:JvmName("KotlinFloors")

package dev.asyncio4j.benchmarks

import dev.asyncio4j.benchmarks.Scenarios.*
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.createCoroutine
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume

// The floor under the Kotlin path: S1, S2, S3, S4 and S9 as KotlinScenarios.kt writes them, with
// asyncio4j and kotlinx.coroutines taken out. What is left is Kotlin's own coroutine machinery
// (createCoroutine, a suspension that stores the continuation, resume) and a bare ArrayDeque run
// loop: no dispatcher, Job, cancellation, exceptions or thread safety. It is the limit, not a
// competitor.

/** A run loop of continuations: launch queues a coroutine's start, yield queues its resumption. */
class ContinuationLoop {
    private val ready = ArrayDeque<Continuation<Unit>>()
    private var unfinished = 0

    /** Starts `block` on a later turn, as launch does on a loop. */
    fun launch(block: suspend () -> Unit) {
        unfinished++
        ready.addLast(block.createCoroutine(Continuation(EmptyCoroutineContext) { it.getOrThrow(); unfinished-- }))
    }

    /** Resumes the caller on the next turn, as yield() does. */
    suspend fun yield() = suspendCoroutineUninterceptedOrReturn<Unit> {
        ready.addLast(it)
        COROUTINE_SUSPENDED
    }

    /** Queues a suspended coroutine's resumption: a woken waiter resumes on a later turn. */
    fun wake(waiter: Continuation<Unit>) = ready.addLast(waiter)

    /** Runs the loop until nothing is ready; every launched coroutine must have finished. */
    fun runAll() {
        while (true) (ready.removeFirstOrNull() ?: break).resume(Unit)
        check("floor", unfinished == 0, "$unfinished coroutines never finished")
    }
}

/** A FIFO lock (one permit) or semaphore: a count and the suspended waiters, each handed its permit. */
class ContinuationPermits(private val loop: ContinuationLoop, private var free: Int) {
    private val waiters = ArrayDeque<Continuation<Unit>>()

    suspend fun acquire() {
        if (free > 0 && waiters.isEmpty()) {
            free--
            return
        }
        suspendCoroutineUninterceptedOrReturn<Unit> {
            waiters.addLast(it)
            COROUTINE_SUSPENDED
        }
    }

    fun release() {
        val next = waiters.removeFirstOrNull()
        if (next == null) free++ else loop.wake(next)
    }

    /** acquire(); try { body() } finally { release() }, inlined: the scenarios' critical section. */
    suspend inline fun withPermit(body: () -> Unit) {
        acquire()
        try {
            body()
        } finally {
            release()
        }
    }
}

/** Runs `main` as the loop's first coroutine, then the loop until every coroutine finished: runAsyncio's floor. */
private inline fun floor(crossinline main: suspend ContinuationLoop.() -> Unit) {
    val loop = ContinuationLoop()
    loop.launch { loop.main() }
    loop.runAll()
}

/** A counter, as KotlinScenarios' (private there). */
private class FloorCounter {
    var value = 0L
}

fun s1KotlinFloor(): Long {
    val counter = FloorCounter()
    floor {
        val lock = ContinuationPermits(this, 1)
        repeat(S1_ITERATIONS) {
            lock.acquire()
            counter.value++
            lock.release()
        }
    }
    return check("S1", "counter", S1_OPS.toLong(), counter.value)
}

/** `tasks` coroutines on one loop, each running `task` with a shared lock of `permits` and counter; the counter after. */
private inline fun permitTasks(
    tasks: Int,
    permits: Int,
    crossinline task: suspend ContinuationLoop.(ContinuationPermits, FloorCounter) -> Unit,
): Long {
    val counter = FloorCounter()
    floor {
        val lock = ContinuationPermits(this, permits)
        repeat(tasks) { launch { task(lock, counter) } }
    }
    return counter.value
}

fun s2KotlinFloor(): Long {
    val counter = permitTasks(S2_TASKS, 1) { lock, counter ->
        repeat(S2_ITERATIONS) {
            lock.withPermit {
                counter.value++
                yield()
            }
        }
    }
    return check("S2", "counter", S2_OPS.toLong(), counter)
}

fun s3KotlinFloor(): Long {
    val value = permitTasks(S3_TASKS, 1) { lock, value ->
        lock.withPermit {
            val tmp = value.value
            yield()
            value.value = tmp + 1
        }
    }
    return check("S3", "value", S3_TASKS.toLong(), value)
}

fun s4KotlinFloor(): Long {
    var inside = 0
    var most = 0
    val entries = permitTasks(S4_TASKS, S4_PERMITS) { sem, entries ->
        sem.withPermit {
            entries.value++
            most = maxOf(most, ++inside)
            yield()
            inside--
        }
    }
    check("S4", most <= S4_PERMITS, "at most $S4_PERMITS inside, saw $most")
    return check("S4", "entries", S4_TASKS.toLong(), entries)
}

fun s9KotlinFloor(): Long {
    val game = PingPong()
    floor {
        for (me in 0..1) launch { repeat(S9_YIELDS / 2) { game.step(me); yield() } }
    }
    return game.check("S9 floor")
}
