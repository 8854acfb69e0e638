@file:JvmName("KotlinScenarios")

package dev.asyncio4j.benchmarks

import dev.asyncio4j.Barrier
import dev.asyncio4j.Condition
import dev.asyncio4j.Event
import dev.asyncio4j.Lock
import dev.asyncio4j.Queue
import dev.asyncio4j.Semaphore
import dev.asyncio4j.benchmarks.Scenarios.*
import dev.asyncio4j.kotlin.acquire
import dev.asyncio4j.kotlin.get
import dev.asyncio4j.kotlin.put
import dev.asyncio4j.kotlin.runAsyncio
import dev.asyncio4j.kotlin.wait
import dev.asyncio4j.kotlin.waitFor
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.atomic.AtomicInteger

// The ten scenarios on the asyncio4j Kotlin API (suspend extensions on the Java primitives), written
// exactly as KotlinxScenarios.kt writes them on kotlinx.coroutines: the same code, other primitives.
// Each runs on the loop dispatcher (runAsyncio) and, for S1, S2 and S4, on Dispatchers.Default.

private inline fun <T> onLoop(crossinline block: suspend CoroutineScope.() -> T): T = runAsyncio { block() }

private inline fun <T> onDefault(crossinline block: suspend CoroutineScope.() -> T): T =
    runBlocking(Dispatchers.Default) { block() }

/** A counter that the lock guards, volatile-free like the scenario's `counter += 1`. */
private class Counter {
    var value = 0L
}

suspend fun s1Kotlin(): Long {
    val lock = Lock()
    val counter = Counter()
    repeat(S1_ITERATIONS) {
        lock.acquire()
        counter.value++
        lock.release()
    }
    return check("S1", "counter", S1_OPS.toLong(), counter.value)
}

suspend fun s2Kotlin(tasks: Int, iterations: Int): Long {
    val lock = Lock()
    val counter = Counter()
    coroutineScope {
        repeat(tasks) {
            launch {
                repeat(iterations) {
                    lock.acquire()
                    try {
                        counter.value++
                        yield()
                    } finally {
                        lock.release()
                    }
                }
            }
        }
    }
    return check("S2", "counter", tasks.toLong() * iterations, counter.value)
}

suspend fun s3Kotlin(): Long {
    val lock = Lock()
    val value = Counter()
    coroutineScope {
        repeat(S3_TASKS) {
            launch {
                lock.acquire()
                try {
                    val tmp = value.value
                    yield()
                    value.value = tmp + 1
                } finally {
                    lock.release()
                }
            }
        }
    }
    return check("S3", "value", S3_TASKS.toLong(), value.value)
}

suspend fun s4Kotlin(): Long {
    val sem = Semaphore(S4_PERMITS)
    val inside = AtomicInteger()
    val most = AtomicInteger()
    val entries = AtomicInteger()
    coroutineScope {
        repeat(S4_TASKS) {
            launch {
                sem.acquire()
                try {
                    entries.incrementAndGet()
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max)
                    yield()
                    inside.decrementAndGet()
                } finally {
                    sem.release()
                }
            }
        }
    }
    check("S4", most.get() <= S4_PERMITS, "at most $S4_PERMITS inside, saw ${most.get()}")
    return check("S4", "entries", S4_TASKS.toLong(), entries.get().toLong())
}

suspend fun s5Kotlin(): Long {
    val queue = Queue<Int>(S5_CAPACITY)
    var sum = 0L
    var count = 0L
    coroutineScope {
        launch {
            for (i in 0 until S5_ITEMS) queue.put(i)
            repeat(S5_CONSUMERS) { queue.put(SENTINEL) }
        }
        repeat(S5_CONSUMERS) {
            launch {
                while (true) {
                    val x = queue.get()
                    if (x == SENTINEL) break
                    sum += x
                    count++
                }
            }
        }
    }
    check("S5", "items", S5_ITEMS.toLong(), count)
    return check("S5", "sum", sumBelow(S5_ITEMS.toLong()), sum)
}

suspend fun s6Kotlin(): Long {
    val go = Array(S6_ROUNDS) { Event() }
    val roundDone = Array(S6_ROUNDS) { Event() }
    var woken = 0
    var setBeforeWait = 0
    coroutineScope {
        repeat(S6_WAITERS) {
            launch {
                for (r in 0 until S6_ROUNDS) {
                    if (go[r].isSet) setBeforeWait++
                    go[r].wait()
                    if (++woken % S6_WAITERS == 0) roundDone[r].set()
                }
            }
        }
        yield() // every waiter is waiting on round 0
        for (r in 0 until S6_ROUNDS) {
            go[r].set()
            roundDone[r].wait()
        }
    }
    check("S6", "waits that found the event set", 0, setBeforeWait.toLong())
    return check("S6", "wakeups", S6_OPS.toLong(), woken.toLong())
}

suspend fun s7Kotlin(): Long {
    val barrier = Barrier(S7_PARTIES)
    var sum = 0L
    var passes = 0L
    coroutineScope {
        repeat(S7_PARTIES) {
            launch {
                repeat(S7_ROUNDS) {
                    val index = barrier.wait() // not `sum += ...`: that reads sum before suspending
                    sum += index
                    passes++
                }
            }
        }
    }
    check("S7", "passes", S7_OPS.toLong(), passes)
    return check("S7", "sum of arrival indices", S7_INDEX_SUM, sum)
}

suspend fun s8Kotlin(): Long = coroutineScope {
    val all = List(S8_TASKS) { i -> async { i } }
    check("S8", "sum", sumBelow(S8_TASKS.toLong()), all.awaitAll().sumOf { it.toLong() })
}

suspend fun s9Kotlin(): Long {
    val game = PingPong()
    coroutineScope {
        for (me in 0..1) {
            launch {
                repeat(S9_YIELDS / 2) {
                    game.step(me)
                    yield()
                }
            }
        }
    }
    return game.check("S9")
}

suspend fun s10Kotlin(): Long {
    val lock = Lock()
    val notFull = Condition(lock)
    val notEmpty = Condition(lock)
    val buffer = ArrayDeque<Int>(S10_CAPACITY)
    var done = false
    var sum = 0L
    var count = 0L
    coroutineScope {
        launch {
            for (i in 0 until S10_ITEMS) {
                lock.acquire()
                try {
                    notFull.waitFor { buffer.size < S10_CAPACITY }
                    buffer.addLast(i)
                    notEmpty.signal()
                } finally {
                    lock.release()
                }
            }
            lock.acquire()
            done = true
            notEmpty.signalAll()
            lock.release()
        }
        repeat(S10_CONSUMERS) {
            launch {
                while (true) {
                    lock.acquire()
                    try {
                        notEmpty.waitFor { buffer.isNotEmpty() || done }
                        val x = buffer.removeFirstOrNull() ?: break
                        sum += x
                        count++
                        notFull.signal()
                    } finally {
                        lock.release()
                    }
                }
            }
        }
    }
    check("S10", "items", S10_ITEMS.toLong(), count)
    return check("S10", "sum", sumBelow(S10_ITEMS.toLong()), sum)
}

/** Scaling: 100,000 coroutines suspended on a held Lock, then all cancelled. */
suspend fun cancelKotlin(waiters: Int): Long {
    val lock = Lock()
    lock.acquire()
    var cancelled = 0
    coroutineScope {
        val all = List(waiters) {
            launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    lock.acquire()
                } catch (e: kotlinx.coroutines.CancellationException) {
                    cancelled++
                    throw e
                }
            }
        }
        for (i in waiters - 1 downTo 0) all[i].cancel()
    }
    lock.release()
    check("cancel", !lock.locked(), "lock free after its waiters were cancelled")
    return check("cancel", "cancelled", waiters.toLong(), cancelled.toLong())
}

// Entry points for the JMH classes (plain functions, so Java calls them directly).
fun s1KotlinLoop() = onLoop { s1Kotlin() }
fun s1KotlinDefault() = onDefault { s1Kotlin() }
fun s2KotlinLoop(tasks: Int, iterations: Int) = onLoop { s2Kotlin(tasks, iterations) }
fun s2KotlinDefault() = onDefault { s2Kotlin(S2_TASKS, S2_ITERATIONS) }
fun s3KotlinLoop() = onLoop { s3Kotlin() }
fun s4KotlinLoop() = onLoop { s4Kotlin() }
fun s4KotlinDefault() = onDefault { s4Kotlin() }
fun s5KotlinLoop() = onLoop { s5Kotlin() }
fun s6KotlinLoop() = onLoop { s6Kotlin() }
fun s7KotlinLoop() = onLoop { s7Kotlin() }
fun s8KotlinLoop() = onLoop { s8Kotlin() }
fun s9KotlinLoop() = onLoop { s9Kotlin() }
fun s10KotlinLoop() = onLoop { s10Kotlin() }
fun cancelKotlinLoop(waiters: Int) = onLoop { cancelKotlin(waiters) }
