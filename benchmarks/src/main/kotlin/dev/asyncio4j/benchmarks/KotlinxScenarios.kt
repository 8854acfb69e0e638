@file:JvmName("KotlinxScenarios")

package dev.asyncio4j.benchmarks

import dev.asyncio4j.benchmarks.Scenarios.*
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.concurrent.atomic.AtomicInteger

// The ten scenarios on kotlinx.coroutines' own primitives: Mutex, Semaphore, Channel(100), and
// CompletableDeferred as the one-shot Event. kotlinx has no Barrier or Condition: KxBarrier and
// KxCondition below are the smallest faithful emulations. The code is KotlinScenarios.kt's, line
// for line. Each runs on one thread (runBlocking) and, for S1, S2 and S4, on Dispatchers.Default.

private inline fun <T> singleThread(crossinline block: suspend CoroutineScope.() -> T): T = runBlocking { block() }

private inline fun <T> onDefault(crossinline block: suspend CoroutineScope.() -> T): T =
    runBlocking(Dispatchers.Default) { block() }

private class KxCounter {
    var value = 0L
}

/**
 * asyncio.Barrier's cyclic pass for kotlinx: the last of `parties` arrivals opens the current
 * gate (a CompletableDeferred) and installs the next one. Thread-safe. Not emulated: reset, abort
 * and breaking on cancellation, which the scenario never uses.
 */
class KxBarrier(private val parties: Int) {
    private var arrived = 0
    private var gate = CompletableDeferred<Unit>()

    suspend fun await(): Int {
        val index: Int
        val current: CompletableDeferred<Unit>
        synchronized(this) {
            index = arrived++
            current = gate
            if (arrived == parties) {
                arrived = 0
                gate = CompletableDeferred()
            }
        }
        if (index == parties - 1) current.complete(Unit) else current.await()
        return index
    }
}

/**
 * asyncio.Condition over a kotlinx Mutex: await() releases the mutex, waits for a signal (FIFO),
 * then takes the mutex again, also when cancelled (asyncio's rule), so the caller's unlock stays
 * balanced. The waiter list is only touched with the mutex held.
 */
class KxCondition(private val mutex: Mutex) {
    private val waiters = ArrayDeque<CompletableDeferred<Unit>>()

    suspend fun await() {
        val signalled = CompletableDeferred<Unit>()
        waiters.addLast(signalled)
        mutex.unlock()
        try {
            signalled.await()
        } catch (e: CancellationException) {
            withContext(NonCancellable) { mutex.lock() }
            if (!waiters.remove(signalled)) signal() // signalled, then cancelled: pass the signal on
            throw e
        }
        try {
            mutex.lock()
        } catch (e: CancellationException) {
            withContext(NonCancellable) { mutex.lock() }
            throw e
        }
    }

    suspend inline fun awaitUntil(predicate: () -> Boolean) {
        while (!predicate()) await()
    }

    fun signal() {
        waiters.removeFirstOrNull()?.complete(Unit)
    }

    fun signalAll() {
        while (waiters.isNotEmpty()) signal()
    }
}

suspend fun s1Kotlinx(): Long {
    val lock = Mutex()
    val counter = KxCounter()
    repeat(S1_ITERATIONS) {
        lock.lock()
        counter.value++
        lock.unlock()
    }
    return check("S1", "counter", S1_OPS.toLong(), counter.value)
}

suspend fun s2Kotlinx(tasks: Int, iterations: Int): Long {
    val lock = Mutex()
    val counter = KxCounter()
    coroutineScope {
        repeat(tasks) {
            launch {
                repeat(iterations) {
                    lock.lock()
                    try {
                        counter.value++
                        yield()
                    } finally {
                        lock.unlock()
                    }
                }
            }
        }
    }
    return check("S2", "counter", tasks.toLong() * iterations, counter.value)
}

suspend fun s3Kotlinx(): Long {
    val lock = Mutex()
    val value = KxCounter()
    coroutineScope {
        repeat(S3_TASKS) {
            launch {
                lock.lock()
                try {
                    val tmp = value.value
                    yield()
                    value.value = tmp + 1
                } finally {
                    lock.unlock()
                }
            }
        }
    }
    return check("S3", "value", S3_TASKS.toLong(), value.value)
}

suspend fun s4Kotlinx(): Long {
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

suspend fun s5Kotlinx(): Long {
    val queue = Channel<Int>(S5_CAPACITY)
    var sum = 0L
    var count = 0L
    coroutineScope {
        launch {
            for (i in 0 until S5_ITEMS) queue.send(i)
            repeat(S5_CONSUMERS) { queue.send(SENTINEL) }
        }
        repeat(S5_CONSUMERS) {
            launch {
                while (true) {
                    val x = queue.receive()
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

suspend fun s6Kotlinx(): Long {
    val go = Array(S6_ROUNDS) { CompletableDeferred<Unit>() }
    val roundDone = Array(S6_ROUNDS) { CompletableDeferred<Unit>() }
    var woken = 0
    var setBeforeWait = 0
    coroutineScope {
        repeat(S6_WAITERS) {
            launch {
                for (r in 0 until S6_ROUNDS) {
                    if (go[r].isCompleted) setBeforeWait++
                    go[r].await()
                    if (++woken % S6_WAITERS == 0) roundDone[r].complete(Unit)
                }
            }
        }
        yield() // every waiter is waiting on round 0
        for (r in 0 until S6_ROUNDS) {
            go[r].complete(Unit)
            roundDone[r].await()
        }
    }
    check("S6", "waits that found the event set", 0, setBeforeWait.toLong())
    return check("S6", "wakeups", S6_OPS.toLong(), woken.toLong())
}

suspend fun s7Kotlinx(): Long {
    val barrier = KxBarrier(S7_PARTIES)
    var sum = 0L
    var passes = 0L
    coroutineScope {
        repeat(S7_PARTIES) {
            launch {
                repeat(S7_ROUNDS) {
                    val index = barrier.await() // not `sum += ...`: that reads sum before suspending
                    sum += index
                    passes++
                }
            }
        }
    }
    check("S7", "passes", S7_OPS.toLong(), passes)
    return check("S7", "sum of arrival indices", S7_INDEX_SUM, sum)
}

suspend fun s8Kotlinx(): Long = coroutineScope {
    val all = List(S8_TASKS) { i -> async { i } }
    check("S8", "sum", sumBelow(S8_TASKS.toLong()), all.awaitAll().sumOf { it.toLong() })
}

suspend fun s9Kotlinx(): Long {
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

suspend fun s10Kotlinx(): Long {
    val lock = Mutex()
    val notFull = KxCondition(lock)
    val notEmpty = KxCondition(lock)
    val buffer = ArrayDeque<Int>(S10_CAPACITY)
    var done = false
    var sum = 0L
    var count = 0L
    coroutineScope {
        launch {
            for (i in 0 until S10_ITEMS) {
                lock.lock()
                try {
                    notFull.awaitUntil { buffer.size < S10_CAPACITY }
                    buffer.addLast(i)
                    notEmpty.signal()
                } finally {
                    lock.unlock()
                }
            }
            lock.lock()
            done = true
            notEmpty.signalAll()
            lock.unlock()
        }
        repeat(S10_CONSUMERS) {
            launch {
                while (true) {
                    lock.lock()
                    try {
                        notEmpty.awaitUntil { buffer.isNotEmpty() || done }
                        val x = buffer.removeFirstOrNull() ?: break
                        sum += x
                        count++
                        notFull.signal()
                    } finally {
                        lock.unlock()
                    }
                }
            }
        }
    }
    check("S10", "items", S10_ITEMS.toLong(), count)
    return check("S10", "sum", sumBelow(S10_ITEMS.toLong()), sum)
}

/** Scaling: 100,000 coroutines suspended on a held Mutex, then all cancelled. */
suspend fun cancelKotlinx(waiters: Int): Long {
    val lock = Mutex()
    lock.lock()
    var cancelled = 0
    coroutineScope {
        val all = List(waiters) {
            launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    lock.lock()
                } catch (e: CancellationException) {
                    cancelled++
                    throw e
                }
            }
        }
        for (i in waiters - 1 downTo 0) all[i].cancel()
    }
    lock.unlock()
    check("cancel", !lock.isLocked, "mutex free after its waiters were cancelled")
    return check("cancel", "cancelled", waiters.toLong(), cancelled.toLong())
}

// Entry points for the JMH classes.
fun s1KotlinxSingle() = singleThread { s1Kotlinx() }
fun s1KotlinxDefault() = onDefault { s1Kotlinx() }
fun s2KotlinxSingle(tasks: Int, iterations: Int) = singleThread { s2Kotlinx(tasks, iterations) }
fun s2KotlinxDefault() = onDefault { s2Kotlinx(S2_TASKS, S2_ITERATIONS) }
fun s3KotlinxSingle() = singleThread { s3Kotlinx() }
fun s4KotlinxSingle() = singleThread { s4Kotlinx() }
fun s4KotlinxDefault() = onDefault { s4Kotlinx() }
fun s5KotlinxSingle() = singleThread { s5Kotlinx() }
fun s6KotlinxSingle() = singleThread { s6Kotlinx() }
fun s7KotlinxSingle() = singleThread { s7Kotlinx() }
fun s8KotlinxSingle() = singleThread { s8Kotlinx() }
fun s9KotlinxSingle() = singleThread { s9Kotlinx() }
fun s10KotlinxSingle() = singleThread { s10Kotlinx() }
fun cancelKotlinxSingle(waiters: Int) = singleThread { cancelKotlinx(waiters) }
