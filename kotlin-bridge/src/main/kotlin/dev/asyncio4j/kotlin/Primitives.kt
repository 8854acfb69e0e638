package dev.asyncio4j.kotlin

import dev.asyncio4j.AsyncEvent
import dev.asyncio4j.AsyncLock
import dev.asyncio4j.AsyncSemaphore
import dev.asyncio4j.Barrier
import dev.asyncio4j.Condition
import dev.asyncio4j.Event
import dev.asyncio4j.Lock
import dev.asyncio4j.Semaphore
import dev.asyncio4j.WaiterSpi
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withContext

/**
 * Acquires the lock, suspending while it is held. asyncio: `await lock.acquire()`; Java:
 * [AsyncLock.acquireAsync].
 *
 * On a [Lock]: fair and without barging: waiters are served FIFO, with Java futures on the same
 * queue. When the lock is free this returns without suspending (and without checking for
 * cancellation). On another [AsyncLock] (a Redis lock), it awaits [AsyncLock.acquireAsync].
 *
 * Cancellation: if the coroutine is cancelled while suspended, it throws `CancellationException`
 * and does not hold the lock: a pending request is withdrawn, and a lock already handed to it
 * passes to the next waiter or is unlocked (another implementation's future is cancelled, and a
 * grant that raced the cancellation is released).
 */
suspend fun AsyncLock.acquire() {
    if (this is Lock) acquireOrSuspend({ tryAcquire() }, { WaiterSpi.acquire(this, it) })
    else acquireAsync().awaitGrant({ release() }) { }
}

/**
 * Runs [block] holding the lock, and releases it in a `finally`, so also on failure and
 * cancellation. asyncio: `async with lock:`; Java: [AsyncLock.withLockAsync].
 */
suspend inline fun <T> AsyncLock.withLock(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/**
 * Waits until the event is set. asyncio: `await event.wait()`; Java: [AsyncEvent.waitAsync].
 *
 * On an [Event]: returns at once, without suspending, if the event is set. Otherwise suspends
 * until a `set()` grants it, and then returns normally even if the event was cleared again
 * meanwhile. Waiters are woken in FIFO order, together with Java futures waiting on the same
 * event. On another [AsyncEvent], it awaits [AsyncEvent.waitAsync].
 *
 * Cancellation: a cancelled waiter leaves the queue, or, if `set()` already granted it, throws
 * `CancellationException`; nothing passes on and the flag is untouched.
 */
suspend fun AsyncEvent.wait() {
    if (this is Event) acquireOrSuspend({ isSet }, { WaiterSpi.waitFor(this, it) })
    else waitAsync().awaitGrant(null) { }
}

/**
 * Acquires the condition's lock. asyncio: `await cond.acquire()`; Java: [Condition.acquireAsync].
 * Same fairness, fast path and cancellation as [Lock.acquire].
 */
suspend fun Condition.acquire() {
    acquireOrSuspend({ tryAcquire() }, { WaiterSpi.acquire(WaiterSpi.lockOf(this), it) })
}

/**
 * Runs [block] holding the condition's lock, releasing it in a `finally`. asyncio:
 * `async with cond:`; Java: [Condition.withLockAsync].
 */
suspend inline fun <T> Condition.withLock(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/**
 * Releases the lock, waits to be notified, and re-acquires the lock before returning. asyncio:
 * `await cond.wait()`; Java: [Condition.waitAsync].
 *
 * It returns holding the lock on every path. Cancelled while waiting, it re-acquires the lock in a
 * non-cancellable section and only then throws the `CancellationException`; a wait that ends with
 * a failure also notifies one other waiter, so a notification it consumed is not lost (CPython
 * 3.13). Callers re-check their predicate, as [waitFor] does.
 *
 * @throws IllegalStateException if the lock is not locked
 */
suspend fun Condition.wait() {
    val waiter = newWaiter<Void?>()
    WaiterSpi.releaseAndWait(this, waiter) // IllegalStateException without the lock
    var failure: Throwable? = null
    try {
        waiter.awaitUnit()
    } catch (e: Throwable) {
        failure = e
    }
    // Re-acquire on every path; the non-cancellable section (an allocation) only when it must wait.
    if (!tryAcquire()) {
        withContext(NonCancellable) { acquire() }
        // Cancelled while re-acquiring (after a normal signal): report it now, holding the lock.
        if (failure == null) failure = runCatching { currentCoroutineContext().ensureActive() }.exceptionOrNull()
    }
    if (failure != null) {
        signal(1)
        throw failure
    }
}

/**
 * Waits until [predicate] is true, re-checking it after every notification, holding the lock.
 * asyncio: `await cond.wait_for(predicate)`; Java: [Condition.waitForAsync]. A predicate that is
 * true at once returns without needing the lock.
 *
 * Inline, as kotlinx's own `withLock`: the caller's state machine holds the loop, so a call
 * allocates neither a predicate object nor a state machine of its own.
 *
 * @throws IllegalStateException if the predicate is false and the lock is not locked
 */
suspend inline fun Condition.waitFor(predicate: () -> Boolean) {
    while (!predicate()) wait()
}

/**
 * Wakes up to [n] waiters, FIFO; each re-acquires the lock when it resumes. asyncio:
 * `cond.notify(n)`; Java: [Condition.signal].
 *
 * @throws IllegalStateException if the lock is not locked
 */
fun Condition.notify(n: Int = 1) = signal(n)

/**
 * Wakes every waiter. asyncio: `cond.notify_all()`; Java: [Condition.signalAll].
 *
 * @throws IllegalStateException if the lock is not locked
 */
fun Condition.notifyAll() = signalAll()

/**
 * Acquires a permit. asyncio: `await sem.acquire()`; Java: [AsyncSemaphore.acquireAsync].
 *
 * On a [Semaphore]: returns without suspending when a permit is free and nobody is queued (no
 * barging). Otherwise suspends, FIFO with Java futures on the same semaphore. On another
 * [AsyncSemaphore], it awaits [AsyncSemaphore.acquireAsync]. Cancellation: a pending request is
 * withdrawn; a permit already granted passes to the next waiter or back to the semaphore.
 */
suspend fun AsyncSemaphore.acquire() {
    if (this is Semaphore) acquireOrSuspend({ tryAcquire() }, { WaiterSpi.acquire(this, it) })
    else acquireAsync().awaitGrant({ release() }) { }
}

/**
 * Runs [block] holding a permit, releasing it in a `finally`. asyncio: `async with sem:`; Java:
 * [AsyncSemaphore.withPermitAsync].
 */
suspend inline fun <T> AsyncSemaphore.withPermit(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}

/**
 * Waits at the barrier until all parties have arrived, and returns this party's arrival index
 * (0 to `parties - 1`; the last to arrive gets `parties - 1` and does not suspend). asyncio:
 * `await barrier.wait()`; Java: [Barrier.waitAsync].
 *
 * Cancellation while waiting counts this party out without breaking the barrier.
 *
 * @throws java.util.concurrent.BrokenBarrierException if the barrier is broken, reset or aborted
 */
suspend fun Barrier.wait(): Int {
    val waiter = newWaiter<Int>()
    val index = WaiterSpi.arrive(this, waiter)
    return if (index >= 0) index else waiter.await()
}
