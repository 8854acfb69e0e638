package dev.asyncio4j.examples

import dev.asyncio4j.Barrier
import dev.asyncio4j.BoundedSemaphore
import dev.asyncio4j.Condition
import dev.asyncio4j.Event
import dev.asyncio4j.Lock
import dev.asyncio4j.Queue
import dev.asyncio4j.Semaphore
import dev.asyncio4j.examples.Py.repr
import dev.asyncio4j.kotlin.get
import dev.asyncio4j.kotlin.notify
import dev.asyncio4j.kotlin.notifyAll
import dev.asyncio4j.kotlin.put
import dev.asyncio4j.kotlin.wait
import dev.asyncio4j.kotlin.withLock
import dev.asyncio4j.kotlin.withPermit
import dev.asyncio4j.kotlin.acquire
import java.util.Optional
import java.util.concurrent.BrokenBarrierException
import java.util.concurrent.Executors
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/**
 * The seed documents' examples in Kotlin, one function per Python program
 * (examples/python/`*`.py), each printing to `out` what CPython prints; coroutines run on the
 * event loop's dispatcher (`runAsyncio`). `await asyncio.sleep(0)` is `yield()`.
 */
internal object KotlinScenarios {

    fun helloWorld(out: Out, asyncio: Runner) {
        suspend fun sayHello() {
            out.println("Hello")
            delay(1.seconds)
            out.println("World")
        }
        asyncio.runAsyncio { gather({ sayHello() }, { sayHello() }) }
    }

    fun eventLoop(out: Out, asyncio: Runner) {
        suspend fun task1() {
            out.println("Task 1 started")
            delay(2.seconds)
            out.println("Task 1 finished")
        }
        suspend fun task2() {
            out.println("Task 2 started")
            delay(1.seconds)
            out.println("Task 2 finished")
        }
        asyncio.runAsyncio { gather({ task1() }, { task2() }) }
    }

    fun coroutines(out: Out, asyncio: Runner) {
        suspend fun fetchData(): Map<String, Int> {
            out.println("Fetching data...")
            delay(1.seconds)
            return mapOf("data" to 42)
        }
        suspend fun processData(): String {
            out.println("Processing data...")
            delay(0.5.seconds)
            return "Processed"
        }
        asyncio.runAsyncio {
            val result1 = fetchData()
            val result2 = processData()
            out.println("Results: ${repr(result1)}, $result2")
        }
    }

    fun createTaskGather(out: Out, asyncio: Runner) {
        suspend fun fetchData(serverId: Int): String {
            out.println("Fetching data from server $serverId")
            delay(serverId.seconds)
            return "Data from server $serverId"
        }
        asyncio.runAsyncio {
            val task1 = async { fetchData(1) }
            val task2 = async { fetchData(2) }
            val task3 = async { fetchData(3) }
            val results = withTimeout(4.seconds) { awaitAll(task1, task2, task3) }
            out.println("Results: ${repr(results)}")
        }
    }

    fun gatherReturnExceptions(out: Out, asyncio: Runner) {
        suspend fun riskyOperation(id: Int): String {
            out.println("Starting operation $id")
            delay(1.seconds)
            if (id == 2) throw IllegalArgumentException("Error in operation $id")
            return "Result $id"
        }
        asyncio.runAsyncio {
            // return_exceptions=True: a failed child neither cancels the others nor the caller.
            val results = supervisorScope {
                val tasks = (0 until 3).map { async { riskyOperation(it) } }
                tasks.map { task -> runCatching { task.await() }.getOrElse { it.message } }
            }
            for (result in results) out.println("Result: $result")
        }
    }

    fun taskGroupFailingItem(out: Out, asyncio: Runner) {
        suspend fun processItem(item: Int): String {
            out.println("Processing item $item")
            delay(item.seconds)
            if (item == 3) throw IllegalArgumentException("Failed to process item $item")
            return "Processed $item"
        }
        try {
            asyncio.runAsyncio {
                val tasks = taskGroup { (1 until 5).map { async { processItem(it) } } }
                for (task in tasks) {
                    if (task.isCompleted && !task.isCancelled) {
                        try {
                            out.println("Result: ${task.await()}")
                        } catch (e: Exception) {
                            out.println("Error: ${e.message}")
                        }
                    }
                }
            }
        } catch (e: Exception) {
            out.println("TaskGroup caught: ${e.message}")
        }
    }

    fun backgroundMonitor(out: Out, asyncio: Runner) {
        suspend fun backgroundMonitor() {
            while (true) {
                out.println("Monitoring...")
                delay(2.seconds)
            }
        }
        asyncio.runAsyncio {
            val task = launch { backgroundMonitor() }
            for (i in 0 until 3) {
                out.println("Main step $i")
                delay(1.seconds)
            }
            task.cancel()
            task.join()
            if (task.isCancelled) out.println("Background task cancelled")
        }
    }

    fun timeoutTaskGroup(out: Out, asyncio: Runner) {
        suspend fun longTask(id: Int): String {
            out.println("Task $id started")
            delay((id * 2).seconds)
            out.println("Task $id completed")
            return "Result $id"
        }
        asyncio.runAsyncio {
            try {
                taskGroup {
                    val tasks = (1 until 4).map { async { longTask(it) } }
                    val results = waitFor(3.seconds) {
                        supervisorScope { tasks.map { task -> runCatching { task.await() }.getOrElse { it } } }
                    }
                    out.println("Results: ${repr(results)}")
                }
            } catch (e: TimeoutException) {
                out.println("Timeout! Tasks were cancelled by TaskGroup")
            } catch (e: Exception) {
                out.println("Error: ${e.message}")
            }
        }
    }

    fun future(out: Out, asyncio: Runner) {
        suspend fun setFutureResult(future: CompletableDeferred<String>) {
            delay(1.seconds)
            future.complete("Future resolved!")
        }
        asyncio.runAsyncio {
            val future = CompletableDeferred<String>()
            launch { setFutureResult(future) }
            val result = future.await()
            out.println(result)
        }
    }

    fun restroomLock(out: Out, asyncio: Runner) {
        val restroomLock = Lock()
        suspend fun useRestroom(user: String) {
            restroomLock.acquire()
            out.println("$user is using the restroom.")
            delay(1.seconds)
            out.println("$user leaves the restroom.")
            restroomLock.release()
        }
        asyncio.runAsyncio { gather(listOf("Alice", "Bob", "Carol")) { useRestroom(it) } }
    }

    fun raceCondition(out: Out, asyncio: Runner) {
        var value = 0
        suspend fun task() {
            var tmp = value
            delay(0.01.seconds)
            tmp += 1
            delay(0.01.seconds)
            value = tmp
        }
        asyncio.runAsyncio {
            value = 0
            gather(0 until 10_000) { task() }
            out.println("$value")
        }
    }

    fun raceConditionLock(out: Out, asyncio: Runner) {
        var value = 0
        suspend fun task(lock: Lock) {
            lock.withLock {
                var tmp = value
                yield()
                tmp += 1
                yield()
                value = tmp
            }
        }
        asyncio.runAsyncio {
            value = 0
            val lock = Lock()
            gather(0 until 10_000) { task(lock) }
            out.println("$value")
        }
    }

    fun counterLock(out: Out, asyncio: Runner) {
        suspend fun incrementCounter(lock: Lock, counter: IntArray, name: String) {
            lock.withLock {
                val current = counter[0]
                out.println("$name read counter: $current")
                delay(0.1.seconds)
                counter[0] = current + 1
                out.println("$name set counter: ${counter[0]}")
            }
        }
        asyncio.runAsyncio {
            val counter = intArrayOf(0)
            val lock = Lock()
            gather(0 until 3) { incrementCounter(lock, counter, "Task $it") }
            out.println("Final counter: ${counter[0]}")
        }
    }

    fun criticalSection(out: Out, asyncio: Runner) {
        val lock = Lock()
        suspend fun criticalSection() {
            lock.withLock {
                out.println("Lock acquired")
                delay(1.seconds)
                out.println("Lock released")
            }
        }
        asyncio.runAsyncio { gather({ criticalSection() }, { criticalSection() }) }
    }

    fun eventTrigger(out: Out, asyncio: Runner) {
        suspend fun waiter(event: Event, name: String) {
            out.println("$name waiting for event")
            event.wait()
            out.println("$name proceeding after event")
        }
        suspend fun trigger(event: Event) {
            out.println("Trigger task started")
            delay(1.seconds)
            out.println("Setting event")
            event.set()
        }
        asyncio.runAsyncio {
            val event = Event()
            val tasks = (0 until 3).map { i -> suspend { waiter(event, "Waiter $i") } } + suspend { trigger(event) }
            gather(tasks) { it() }
        }
    }

    fun eventWaiter(out: Out, asyncio: Runner) {
        suspend fun waiter(event: Event) {
            out.println("waiting for it ...")
            event.wait()
            out.println("... got it!")
        }
        asyncio.runAsyncio {
            val event = Event()
            val waiterTask = launch { waiter(event) }
            delay(1.seconds)
            event.set()
            waiterTask.join()
        }
    }

    fun eventUnawaited(out: Out, asyncio: Runner) {
        val event = Event()
        suspend fun waiter() {
            out.println("Waiting for event")
            event.wait()
            out.println("Event received")
        }
        asyncio.runAsyncio {
            launch { waiter() }
            delay(2.seconds)
            event.set()
        }
    }

    fun conditionProducerConsumer(out: Out, asyncio: Runner) {
        suspend fun producer(condition: Condition, buffer: MutableList<Int>) {
            for (i in 0 until 3) {
                condition.withLock {
                    buffer.add(i)
                    out.println("Produced $i, buffer: ${repr(buffer)}")
                    condition.notify() // Notify one consumer
                }
                delay(0.5.seconds)
            }
        }
        suspend fun consumer(condition: Condition, buffer: MutableList<Int>, name: String) {
            condition.withLock {
                while (buffer.isEmpty()) {
                    out.println("$name waiting for items")
                    condition.wait()
                }
                val item = buffer.removeAt(0)
                out.println("$name consumed $item, buffer: ${repr(buffer)}")
            }
        }
        asyncio.runAsyncio {
            val buffer = mutableListOf<Int>()
            val condition = Condition()
            gather(
                { producer(condition, buffer) },
                { consumer(condition, buffer, "Consumer 1") },
                { consumer(condition, buffer, "Consumer 2") },
            )
        }
    }

    fun conditionBankAccount(out: Out, asyncio: Runner) {
        var account = 0
        val condition = Condition()
        suspend fun customer(name: String, amount: Int) {
            condition.withLock {
                while (account < amount) {
                    out.println("$name waits to withdraw $amount (balance $account)")
                    condition.wait()
                }
                account -= amount
                out.println("$name withdrew $amount")
            }
        }
        suspend fun teller() {
            for (deposit in listOf(250, 250, 100)) {
                delay(1.seconds)
                condition.withLock {
                    account += deposit
                    out.println("Deposited $deposit, balance $account")
                    condition.notifyAll()
                }
            }
        }
        asyncio.runAsyncio {
            gather({ customer("Alice", 100) }, { customer("Bob", 200) }, { customer("Charlie", 300) }, { teller() })
            out.println("Final balance: $account")
        }
    }

    fun semaphoreApiCalls(out: Out, asyncio: Runner) {
        suspend fun accessApi(semaphore: Semaphore, name: String) {
            semaphore.withPermit {
                out.println("$name making API call")
                delay(1.seconds)
                out.println("$name finished API call")
            }
        }
        asyncio.runAsyncio {
            val semaphore = Semaphore(2) // Allow 2 concurrent calls
            gather(0 until 5) { accessApi(semaphore, "Task $it") }
        }
    }

    fun semaphoreDownloads(out: Out, asyncio: Runner) {
        val sem = Semaphore(3)
        suspend fun limitedTask(n: Int) {
            sem.withPermit {
                out.println("Task $n started")
                delay(2.seconds)
                out.println("Task $n finished")
            }
        }
        asyncio.runAsyncio { gather(0 until 5) { limitedTask(it) } }
    }

    fun semaphoreResource(out: Out, asyncio: Runner) {
        suspend fun limitedResource(sem: Semaphore) {
            sem.withPermit {
                out.println("Accessing limited resource")
                delay(1.seconds)
                out.println("Finished using limited resource")
            }
        }
        asyncio.runAsyncio {
            val sem = Semaphore(2)
            gather(0 until 4) { limitedResource(sem) }
        }
    }

    fun boundedSemaphore(out: Out, asyncio: Runner) {
        suspend fun accessResource(semaphore: Semaphore, name: String) {
            semaphore.withPermit {
                out.println("$name acquired resource")
                delay(0.5.seconds)
                out.println("$name released resource")
            }
        }
        asyncio.runAsyncio {
            val semaphore = BoundedSemaphore(2)
            gather(0 until 4) { accessResource(semaphore, "Task $it") }
            try {
                semaphore.release()
            } catch (e: IllegalStateException) { // asyncio: ValueError
                out.println("Error: ${e.message}")
            }
        }
    }

    fun barrier(out: Out, asyncio: Runner) {
        asyncio.runAsyncio {
            val b = Barrier(3)
            launch { b.wait() }
            launch { b.wait() }
            yield()
            out.println(b.toString())
            b.wait() // the third wait() passes the barrier
            out.println(b.toString())
            out.println("barrier passed")
            yield()
            out.println(b.toString())
        }
    }

    fun barrierBroken(out: Out, asyncio: Runner) {
        suspend fun party(name: String, barriers: List<Barrier>) {
            try {
                barriers[0].wait()
            } catch (e: BrokenBarrierException) {
                out.println("$name: barrier was broken while waiting")
                barriers[1].wait()
            }
            out.println("$name passed")
        }
        asyncio.runAsyncio {
            val barriers = listOf(Barrier(3), Barrier(3))
            val tasks = (0 until 2).map { launch { party("Task $it", barriers) } }
            yield()
            out.println("Waiting: ${barriers[0].nWaiting()}/${barriers[0].parties()}")
            barriers[0].abort()
            out.println("Broken: ${repr(barriers[0].isBroken)}")
            yield()
            barriers[1].wait()
            out.println("All tasks have finished")
            tasks.forEach { it.join() }
        }
    }

    fun queueSentinel(out: Out, asyncio: Runner) {
        val queue = Queue<Optional<Int>>() // Optional.empty() plays None, the sentinel
        suspend fun producer() {
            for (i in 0 until 5) {
                queue.put(Optional.of(i))
                out.println("Produced $i")
                delay(1.seconds)
            }
        }
        suspend fun consumer() {
            while (true) {
                val item = queue.get()
                if (item.isEmpty) break
                out.println("Consumed ${item.get()}")
                delay(2.seconds)
            }
        }
        asyncio.runAsyncio {
            val producerTask = launch { producer() }
            val consumerTask = launch { consumer() }
            producerTask.join()
            queue.put(Optional.empty())
            consumerTask.join()
        }
    }

    fun runInExecutor(out: Out, asyncio: Runner) {
        asyncio.runAsyncio {
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()).asCoroutineDispatcher().use { pool ->
                val result = withContext(pool) { JavaScenarios.cpuBoundTask(1_000_000) }
                out.println("Result: $result")
            }
        }
    }
}
