package dev.asyncio4j.tests

import dev.asyncio4j.Asyncio
import dev.asyncio4j.BoundedSemaphore
import dev.asyncio4j.Condition
import dev.asyncio4j.LifoQueue
import dev.asyncio4j.Lock
import dev.asyncio4j.PriorityQueue
import dev.asyncio4j.Queue
import dev.asyncio4j.Semaphore
import dev.asyncio4j.kotlin.acquire
import dev.asyncio4j.kotlin.get
import dev.asyncio4j.kotlin.put
import dev.asyncio4j.kotlin.wait
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * Nothing is lost or duplicated when a deadline races a completion (docs/semantics.md §2, §10 waitFor,
 * §12 timeout), on every primitive that hands something over, from Java tasks, Java threads and
 * Kotlin coroutines at once: see [DeadlineRaceChaos]. CI runs a short form; `-Pstress` runs
 * 10^6 operations per primitive.
 */
class DeadlineRaceChaosTest {

    /** The acquire/release surface of a lock-like primitive, with how many may hold it at once. */
    private class Permits(
        val capacity: Int,
        val acquireAsync: () -> CompletableFuture<Void>,
        val acquire: suspend () -> Unit,
        val release: () -> Unit,
        val free: () -> Int,
        val describe: () -> String,
    )

    private fun permitsAreConserved(p: Permits, whileHolding: (DeadlineRaceChaos.(Boolean) -> CompletableFuture<*>)? = null,
                                    whileHoldingKotlin: (suspend DeadlineRaceChaos.() -> Unit)? = null) {
        DeadlineRaceChaos().use { chaos ->
            val holders = AtomicInteger()
            fun hold() {
                val now = holders.incrementAndGet()
                if (now > p.capacity) {
                    chaos.figures.duplicated.increment()
                    chaos.violation("$now holders of ${p.capacity}: ${p.describe()}")
                }
            }
            fun letGo() {
                holders.decrementAndGet()
                p.release()
            }
            chaos.run(tasksPerLoop = 4, threads = 2, coroutines = 4,
                java = { random, onLoop ->
                    chaos.bounded(random, onLoop, p.acquireAsync).thenCompose { done ->
                        if (done == null) return@thenCompose CompletableFuture.completedFuture(null)
                        hold()
                        val holding: CompletableFuture<*> = when {
                            whileHolding != null && random.nextInt(3) == 0 -> {
                                holders.decrementAndGet() // a condition wait lets go of the lock...
                                chaos.whileHolding(onLoop).handle { _, _ -> hold() } // ...and holds it again, whatever its outcome
                            }
                            onLoop -> Asyncio.sleep(Duration.ZERO)
                            else -> CompletableFuture.completedFuture(null)
                        }
                        holding.handle { _, _ -> letGo() }
                    }
                },
                kotlin = { random ->
                    if (chaos.boundedKotlin(random) { p.acquire(); true } == true) {
                        hold()
                        try {
                            if (whileHoldingKotlin != null && random.nextInt(3) == 0) {
                                holders.decrementAndGet()
                                try {
                                    chaos.whileHoldingKotlin()
                                } finally {
                                    hold()
                                }
                            } else {
                                yield()
                            }
                        } finally {
                            letGo()
                        }
                    }
                })
            val lost = p.capacity - p.free()
            chaos.figures.lost.add(lost.toLong())
            println("deadline-race chaos, final: ${chaos.figures}; ${p.describe()}")
            assertEquals(0, lost, "grants lost: ${p.describe()}")
            assertEquals(0L, chaos.figures.duplicated.sum())
            assertTrue(chaos.figures.deadlinesRaced.sum() > 0, "no deadline ever passed")
        }
    }

    @Test
    fun lockGrantsRacingDeadlinesAreNeverLost() {
        val lock = Lock()
        permitsAreConserved(Permits(1, lock::acquireAsync, { lock.acquire() }, lock::release,
            { if (lock.locked()) 0 else 1 }, lock::toString))
    }

    @Test
    fun semaphorePermitsRacingDeadlinesAreNeverLost() {
        val semaphore = Semaphore(3)
        permitsAreConserved(Permits(3, semaphore::acquireAsync, { semaphore.acquire() }, semaphore::release,
            semaphore::availablePermits, semaphore::toString))
    }

    @Test
    fun boundedSemaphorePermitsRacingDeadlinesAreNeverLost() {
        val semaphore = BoundedSemaphore(2)
        permitsAreConserved(Permits(2, semaphore::acquireAsync, { semaphore.acquire() }, semaphore::release,
            semaphore::availablePermits, semaphore::toString))
    }

    @Test
    fun conditionLockRacingDeadlinesIsNeverLost() {
        val condition = Condition()
        permitsAreConserved(Permits(1, condition::acquireAsync, { condition.acquire() }, condition::release,
            { if (condition.locked()) 0 else 1 }, condition::toString),
            whileHolding = { onLoop ->
                val random = java.util.concurrent.ThreadLocalRandom.current()
                if (random.nextBoolean()) condition.signal()
                bounded(random, onLoop) { condition.waitAsync() }
            },
            whileHoldingKotlin = {
                val random = java.util.concurrent.ThreadLocalRandom.current()
                if (random.nextBoolean()) condition.signal()
                withTimeoutOrNull(random.nextLong(1, 3)) { condition.wait() }
            })
    }

    private fun itemsAreDeliveredExactlyOnce(queue: Queue<Long>) {
        DeadlineRaceChaos().use { chaos ->
            val ids = AtomicLong()
            val put = ConcurrentHashMap.newKeySet<Long>()
            val notPut = ConcurrentHashMap.newKeySet<Long>()
            val received = ConcurrentHashMap<Long, Int>()
            fun receive(item: Long) {
                if (received.merge(item, 1, Int::plus)!! > 1) chaos.violation("item $item delivered twice")
            }
            chaos.run(tasksPerLoop = 4, threads = 2, coroutines = 4,
                java = { random, onLoop ->
                    if (random.nextBoolean()) {
                        val id = ids.incrementAndGet()
                        chaos.bounded(random, onLoop) { queue.putAsync(id) }
                            .thenApply { done -> if (done != null) put.add(id) else notPut.add(id) }
                    } else {
                        chaos.bounded(random, onLoop) { queue.getAsync() }.thenApply { done -> done?.let { receive(it.value) } }
                    }
                },
                kotlin = { random ->
                    if (random.nextBoolean()) {
                        val id = ids.incrementAndGet()
                        if (chaos.boundedKotlin(random) { queue.put(id); true } == true) put.add(id) else notPut.add(id)
                    } else {
                        chaos.boundedKotlin(random) { queue.get() }?.let(::receive)
                    }
                })
            while (!queue.empty()) receive(queue.getNowait())
            val lost = put.count { !received.containsKey(it) }
            val phantom = notPut.count { received.containsKey(it) } // told "not put", yet delivered: a retry duplicates it
            val twice = received.values.count { it > 1 }
            chaos.figures.lost.add(lost.toLong())
            chaos.figures.duplicated.add((phantom + twice).toLong())
            println("deadline-race chaos, final: ${chaos.figures}; ${put.size} items put, ${received.size} received; $queue")
            assertEquals(0, lost, "items reported put but never delivered")
            assertEquals(0, phantom, "items reported not put but delivered")
            assertEquals(0, twice, "items delivered twice")
            assertTrue(chaos.figures.deadlinesRaced.sum() > 0, "no deadline ever passed")
        }
    }

    @Test
    fun queueItemsRacingDeadlinesAreDeliveredExactlyOnce() = itemsAreDeliveredExactlyOnce(Queue(4))

    @Test
    fun lifoQueueItemsRacingDeadlinesAreDeliveredExactlyOnce() = itemsAreDeliveredExactlyOnce(LifoQueue(3))

    @Test
    fun priorityQueueItemsRacingDeadlinesAreDeliveredExactlyOnce() = itemsAreDeliveredExactlyOnce(PriorityQueue(5))
}
