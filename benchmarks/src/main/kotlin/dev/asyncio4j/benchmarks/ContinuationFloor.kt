@file:JvmName("KotlinFloors")

package dev.asyncio4j.benchmarks

import dev.asyncio4j.benchmarks.Scenarios.*
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.createCoroutine
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume

// The floor under the Kotlin path: S1-S10 as KotlinScenarios.kt writes them, with asyncio4j and
// kotlinx.coroutines taken out. What is left is Kotlin's own coroutine machinery (createCoroutine, a
// suspension that stores the continuation, resume), a bare ArrayDeque run loop, and each primitive
// as its state (a count, items, a flag) and an ArrayDeque of suspended waiters, woken on a later
// turn: no dispatcher, Job, cancellation, exceptions or thread safety. It is the limit, not a
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

    /** Queues the first waiter's resumption (a woken waiter resumes on a later turn); false when none waits. */
    fun wakeFirst(waiters: ArrayDeque<Continuation<Unit>>): Boolean {
        ready.addLast(waiters.removeFirstOrNull() ?: return false)
        return true
    }

    /** Queues every waiter's resumption, in order. */
    fun wakeAll(waiters: ArrayDeque<Continuation<Unit>>) {
        while (wakeFirst(waiters)) continue
    }

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
        waiters.park()
    }

    fun release() {
        if (!loop.wakeFirst(waiters)) free++
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

/** Suspends the caller at the end of these waiters until a wake (ContinuationLoop.wakeFirst) resumes it. */
suspend inline fun ArrayDeque<Continuation<Unit>>.park() = suspendCoroutineUninterceptedOrReturn<Unit> {
    addLast(it)
    COROUTINE_SUSPENDED
}

/** A bounded FIFO queue: the items, and the getters waiting while it is empty, the putters while it is full. */
class ContinuationQueue<T>(private val loop: ContinuationLoop, private val capacity: Int) {
    private val items = ArrayDeque<T>(capacity)
    private val getters = ArrayDeque<Continuation<Unit>>()
    private val putters = ArrayDeque<Continuation<Unit>>()

    suspend fun put(item: T) {
        while (items.size >= capacity) putters.park() // a woken putter may find it full again, as in asyncio
        items.addLast(item)
        loop.wakeFirst(getters)
    }

    suspend fun get(): T {
        while (items.isEmpty()) getters.park()
        val item = items.removeFirst()
        loop.wakeFirst(putters)
        return item
    }
}

/** An event: a flag and the coroutines waiting for it, all woken when it is set. */
class ContinuationEvent(private val loop: ContinuationLoop) {
    var isSet = false
        private set
    private val waiters = ArrayDeque<Continuation<Unit>>()

    suspend fun wait() {
        if (!isSet) waiters.park()
    }

    fun set() {
        isSet = true
        loop.wakeAll(waiters)
    }
}

/** A cyclic barrier: this generation's arrivals; the last one wakes the others and returns at once. */
class ContinuationBarrier(private val loop: ContinuationLoop, private val parties: Int) {
    private val waiting = ArrayDeque<Continuation<Unit>>()

    /** The arrival index, 0 to parties - 1. */
    suspend fun wait(): Int {
        val index = waiting.size
        if (index < parties - 1) waiting.park() else loop.wakeAll(waiting)
        return index
    }
}

/** A condition on a floor lock: the coroutines waiting for a signal. */
class ContinuationCondition(private val loop: ContinuationLoop, private val lock: ContinuationPermits) {
    private val waiters = ArrayDeque<Continuation<Unit>>()

    /** Releases the lock, waits for a signal, acquires the lock again. */
    suspend fun wait() {
        lock.release() // wakes a lock waiter on a later turn: nothing runs before this coroutine parks
        waiters.park()
        lock.acquire()
    }

    suspend inline fun waitFor(predicate: () -> Boolean) {
        while (!predicate()) wait()
    }

    fun signal() {
        loop.wakeFirst(waiters)
    }

    fun signalAll() {
        loop.wakeAll(waiters)
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

fun s5KotlinFloor(): Long {
    var sum = 0L
    var count = 0L
    floor {
        val queue = ContinuationQueue<Int>(this, S5_CAPACITY)
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

fun s6KotlinFloor(): Long {
    var woken = 0
    var setBeforeWait = 0
    floor {
        val go = Array(S6_ROUNDS) { ContinuationEvent(this) }
        val roundDone = Array(S6_ROUNDS) { ContinuationEvent(this) }
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

fun s7KotlinFloor(): Long {
    var sum = 0L
    var passes = 0L
    floor {
        val barrier = ContinuationBarrier(this, S7_PARTIES)
        repeat(S7_PARTIES) {
            launch {
                repeat(S7_ROUNDS) {
                    val index = barrier.wait()
                    sum += index
                    passes++
                }
            }
        }
    }
    check("S7", "passes", S7_OPS.toLong(), passes)
    return check("S7", "sum of arrival indices", S7_INDEX_SUM, sum)
}

/** async { i } per task, then awaitAll: each task stores its result, the last one wakes the main coroutine. */
fun s8KotlinFloor(): Long {
    var sum = 0L
    floor {
        val results = arrayOfNulls<Int>(S8_TASKS)
        var left = S8_TASKS
        val all = ContinuationEvent(this)
        for (i in 0 until S8_TASKS) {
            launch {
                results[i] = i
                if (--left == 0) all.set()
            }
        }
        all.wait()
        for (x in results) sum += x!!
    }
    return check("S8", "sum", sumBelow(S8_TASKS.toLong()), sum)
}

fun s10KotlinFloor(): Long {
    var sum = 0L
    var count = 0L
    floor {
        val lock = ContinuationPermits(this, 1)
        val notFull = ContinuationCondition(this, lock)
        val notEmpty = ContinuationCondition(this, lock)
        val buffer = ArrayDeque<Int>(S10_CAPACITY)
        var done = false
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
