package dev.asyncio4j.examples

/**
 * One example of the seed documents: its Python original (`examples/python/<name with _>.py`)
 * and the same program in Java and in Kotlin, each printing the original's lines to an [Out].
 */
class Scenario internal constructor(
    /** The name to run it by, e.g. `restroom-lock`. */
    val name: String,
    /** One line on what it shows. */
    val about: String,
    private val java: (Out, Runner) -> Unit,
    private val kotlin: (Out, Runner) -> Unit,
) {
    /** The Python original, relative to the repository root. */
    val python: String get() = "examples/python/${name.replace('-', '_')}.py"

    /** Runs the Java version, or the Kotlin one, on a virtual clock unless [realTime]. */
    fun run(out: Out, kotlin: Boolean, realTime: Boolean) = (if (kotlin) this.kotlin else java)(out, Runner(realTime))
}

/** The registry: every seed example, in the order a reader meets the primitives. */
object Scenarios {
    @JvmField
    val ALL: List<Scenario> = listOf(
        Scenario("hello-world", "two concurrent sleeps: Hello, Hello, World, World", JavaScenarios::helloWorld, KotlinScenarios::helloWorld),
        Scenario("event-loop", "two tasks gathered, the shorter finishes first", JavaScenarios::eventLoop, KotlinScenarios::eventLoop),
        Scenario("coroutines", "awaiting one coroutine after the other", JavaScenarios::coroutines, KotlinScenarios::coroutines),
        Scenario("create-task-gather", "create_task, gather and wait_for", JavaScenarios::createTaskGather, KotlinScenarios::createTaskGather),
        Scenario("gather-return-exceptions", "gather(return_exceptions=True) with a failing task", JavaScenarios::gatherReturnExceptions, KotlinScenarios::gatherReturnExceptions),
        Scenario("taskgroup-failing-item", "a TaskGroup whose third item fails", JavaScenarios::taskGroupFailingItem, KotlinScenarios::taskGroupFailingItem),
        Scenario("background-monitor", "a background task cancelled after the main work", JavaScenarios::backgroundMonitor, KotlinScenarios::backgroundMonitor),
        Scenario("timeout-taskgroup", "wait_for timing out inside a TaskGroup", JavaScenarios::timeoutTaskGroup, KotlinScenarios::timeoutTaskGroup),
        Scenario("future", "a future resolved by another task", JavaScenarios::future, KotlinScenarios::future),
        Scenario("restroom-lock", "one stall: a Lock taken and released by hand", JavaScenarios::restroomLock, KotlinScenarios::restroomLock),
        Scenario("race-condition", "10,000 read-sleep-write tasks without a lock: final value 1", JavaScenarios::raceCondition, KotlinScenarios::raceCondition),
        Scenario("race-condition-lock", "the same 10,000 tasks under a Lock: final value 10000", JavaScenarios::raceConditionLock, KotlinScenarios::raceConditionLock),
        Scenario("counter-lock", "a shared counter incremented under a Lock", JavaScenarios::counterLock, KotlinScenarios::counterLock),
        Scenario("critical-section", "async with lock: two critical sections in turn", JavaScenarios::criticalSection, KotlinScenarios::criticalSection),
        Scenario("event-trigger", "three waiters and a trigger on an Event", JavaScenarios::eventTrigger, KotlinScenarios::eventTrigger),
        Scenario("event-waiter", "asyncio's documentation Event example", JavaScenarios::eventWaiter, KotlinScenarios::eventWaiter),
        Scenario("event-unawaited", "an Event set while main never awaits the waiter", JavaScenarios::eventUnawaited, KotlinScenarios::eventUnawaited),
        Scenario("condition-producer-consumer", "a Condition: one producer, two consumers", JavaScenarios::conditionProducerConsumer, KotlinScenarios::conditionProducerConsumer),
        Scenario("condition-bank-account", "a Condition: customers wait for deposits to withdraw", JavaScenarios::conditionBankAccount, KotlinScenarios::conditionBankAccount),
        Scenario("semaphore-api-calls", "a Semaphore(2) limiting API calls", JavaScenarios::semaphoreApiCalls, KotlinScenarios::semaphoreApiCalls),
        Scenario("semaphore-downloads", "a Semaphore(3) limiting downloads", JavaScenarios::semaphoreDownloads, KotlinScenarios::semaphoreDownloads),
        Scenario("semaphore-resource", "a Semaphore(2) in front of a limited resource", JavaScenarios::semaphoreResource, KotlinScenarios::semaphoreResource),
        Scenario("bounded-semaphore", "a BoundedSemaphore released once too often", JavaScenarios::boundedSemaphore, KotlinScenarios::boundedSemaphore),
        Scenario("barrier", "a Barrier of 3: filling, draining, filling again", JavaScenarios::barrier, KotlinScenarios::barrier),
        Scenario("barrier-broken", "an aborted Barrier: BrokenBarrierException, then a new one", JavaScenarios::barrierBroken, KotlinScenarios::barrierBroken),
        Scenario("queue-sentinel", "a Queue producer and consumer ending on a sentinel", JavaScenarios::queueSentinel, KotlinScenarios::queueSentinel),
        Scenario("run-in-executor", "CPU-bound work in an executor", JavaScenarios::runInExecutor, KotlinScenarios::runInExecutor),
        Scenario("asyncio-subprocess", "ls with stdout inherited, waited for on the loop, then an Event", SubprocessScenarios::asyncioSubprocess, KotlinSubprocessScenarios::asyncioSubprocess),
        Scenario("subprocess-semaphore", "5 children under a Semaphore(2), stdout read line by line", SubprocessScenarios::subprocessSemaphore, KotlinSubprocessScenarios::subprocessSemaphore),
    )

    /** The scenario called [name], or null. */
    @JvmStatic
    fun find(name: String): Scenario? = ALL.firstOrNull { it.name == name }
}
