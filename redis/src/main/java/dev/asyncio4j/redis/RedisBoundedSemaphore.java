package dev.asyncio4j.redis;

import dev.asyncio4j.BoundedSemaphore;

/**
 * A bounded semaphore shared by every process that names it. asyncio:
 * {@code asyncio.BoundedSemaphore}, across processes. Made by
 * {@link RedisPrimitives#boundedSemaphore(String, int)}. Everything in {@link RedisSemaphore}
 * holds, except over-release.
 *
 * <h2>Over-release</h2>
 * {@code release()} returns a permit that this instance holds, by its id, in one Redisson script
 * that refuses an id Redis no longer knows (a permit released twice, or whose lease ran out and
 * went back). With no permit held, or one that Redis refused, it throws
 * {@link IllegalStateException} and changes nothing: the permits never exceed their count.
 *
 * <p>asyncio differs, and so does {@link BoundedSemaphore}: they refuse a release that would raise
 * the value above its start; this one refuses a release by an instance that holds no permit,
 * even when another process holds one (a permit has an owner here).
 */
public final class RedisBoundedSemaphore extends RedisSemaphore {

    RedisBoundedSemaphore(RedisPrimitives owner, String name, int permits) {
        super(owner, name, permits);
    }

    @Override
    void releaseUnheld() {
        throw new IllegalStateException("BoundedSemaphore '" + name + "' released too many times: "
                + "this RedisPrimitives holds no permit of it");
    }
}
