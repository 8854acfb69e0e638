package dev.asyncio4j.kotlin

import dev.asyncio4j.Lock

/** asyncio: `await lock.acquire()`. Placeholder until the Kotlin bridge issue. */
internal fun Lock.isHeldForBridge(): Boolean = locked()
