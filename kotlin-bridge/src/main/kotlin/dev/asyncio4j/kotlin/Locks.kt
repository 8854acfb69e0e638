package dev.asyncio4j.kotlin

import dev.asyncio4j.Lock

/**
 * Acquires the lock, suspending while it is held. asyncio: `await lock.acquire()`; Java:
 * [Lock.acquireAsync].
 *
 * Fair and without barging: waiters are served FIFO, with Java futures on the same queue. When the
 * lock is free this returns without suspending (and without checking for cancellation).
 *
 * Cancellation: if the coroutine is cancelled while suspended, it throws `CancellationException`
 * and does not hold the lock: a pending request is withdrawn, and a lock already handed to it
 * passes to the next waiter or is unlocked.
 */
suspend fun Lock.acquire() {
    if (tryAcquire()) return
    awaitGrant<Void?> { w -> if (acquireOrEnqueue(w)) null else NOT_YET }
}

/**
 * Runs [block] holding the lock, and releases it in a `finally`, so also on failure and
 * cancellation. asyncio: `async with lock:`; Java: [Lock.withLockAsync].
 */
suspend inline fun <T> Lock.withLock(block: () -> T): T {
    acquire()
    try {
        return block()
    } finally {
        release()
    }
}
