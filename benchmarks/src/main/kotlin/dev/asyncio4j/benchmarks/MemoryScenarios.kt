@file:JvmName("MemoryScenarios")

package dev.asyncio4j.benchmarks

import dev.asyncio4j.Lock
import dev.asyncio4j.benchmarks.Scenarios.check
import dev.asyncio4j.kotlin.acquire
import dev.asyncio4j.kotlin.runAsyncio
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import java.lang.management.ManagementFactory

// Bytes retained per waiting coroutine: used heap after a forced GC, with n coroutines suspended
// (each started UNDISPATCHED, so it suspends at once and no ready queue grows), minus the same
// before they were launched, divided by n. MemoryFootprint prints them.

/** Used heap after full collections: the live set. */
fun usedHeapAfterGc(): Long {
    val memory = ManagementFactory.getMemoryMXBean()
    repeat(3) { System.gc() }
    return memory.heapMemoryUsage.used
}

// The two lock measurements below are deliberately written out twice: a shared inline helper
// (crossinline acquire/release) made every launched coroutine capture one more reference, 8 bytes
// per waiter on both sides (measured: 368.6 -> 376.5 and 280.5 -> 288.5), which is the very thing
// these functions measure.

/** n coroutines on the loop dispatcher suspended in Lock.acquire() of one held asyncio4j Lock. */
fun asyncio4jLockWaiterBytes(n: Int): Double = runAsyncio {
    val lock = Lock()
    lock.acquire()
    var acquired = 0
    var bytes = 0.0
    coroutineScope {
        val before = usedHeapAfterGc()
        repeat(n) {
            launch(start = CoroutineStart.UNDISPATCHED) {
                lock.acquire()
                acquired++
                lock.release()
            }
        }
        bytes = (usedHeapAfterGc() - before).toDouble() / n
        lock.release()
    }
    check("memory", "coroutines that got the lock", n.toLong(), acquired.toLong())
    bytes
}

/** n coroutines on one thread (runBlocking) suspended in Mutex.lock() of one held kotlinx Mutex. */
fun kotlinxMutexWaiterBytes(n: Int): Double = runBlocking {
    val lock = Mutex()
    lock.lock()
    var acquired = 0
    var bytes = 0.0
    coroutineScope {
        val before = usedHeapAfterGc()
        repeat(n) {
            launch(start = CoroutineStart.UNDISPATCHED) {
                lock.lock()
                acquired++
                lock.unlock()
            }
        }
        bytes = (usedHeapAfterGc() - before).toDouble() / n
        lock.unlock()
    }
    check("memory", "coroutines that got the mutex", n.toLong(), acquired.toLong())
    bytes
}

/** The coroutine alone: n coroutines suspended in awaitCancellation(), then cancelled. */
fun suspendedCoroutineBytes(n: Int): Double = runBlocking {
    var bytes = 0.0
    coroutineScope {
        val before = usedHeapAfterGc()
        repeat(n) { launch(start = CoroutineStart.UNDISPATCHED) { awaitCancellation() } }
        bytes = (usedHeapAfterGc() - before).toDouble() / n
        coroutineContext.cancelChildren()
    }
    bytes
}
