package dev.asyncio4j.benchmarks;

/**
 * The parameters of issue 6's ten scenarios, shared by every system (the CPython scripts in
 * {@code benchmarks/cpython/} use the same numbers), and the check every run ends with.
 *
 * <p>One benchmark invocation runs a whole scenario; its JMH "operation" is the scenario's unit
 * of work ({@code OPS}), so that every system's score reads as operations per second.
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** S1 lock uncontended: one task, 1,000,000 x (acquire; counter++; release). */
    public static final int S1_ITERATIONS = 1_000_000;
    public static final int S1_OPS = S1_ITERATIONS;

    /** S2 lock contended: 1,000 tasks x 1,000 x (acquire; counter++; yield; release). */
    public static final int S2_TASKS = 1_000, S2_ITERATIONS = 1_000;
    public static final int S2_OPS = S2_TASKS * S2_ITERATIONS;

    /** S3 seed race: 10,000 tasks each (acquire; tmp = value; yield; value = tmp + 1; release). */
    public static final int S3_TASKS = 10_000;
    public static final int S3_OPS = S3_TASKS;

    /** S4 semaphore: Semaphore(10), 100,000 tasks each (acquire; yield; release). */
    public static final int S4_PERMITS = 10, S4_TASKS = 100_000;
    public static final int S4_OPS = S4_TASKS;
    /** java.util.concurrent runs S4's 100,000 tasks on this many platform threads (S2's number). */
    public static final int S4_JUC_THREADS = 1_000;

    /** S5 queue: Queue(100), 1 producer puts 1,000,000 ints, 4 consumers get them. */
    public static final int S5_CAPACITY = 100, S5_ITEMS = 1_000_000, S5_CONSUMERS = 4;
    public static final int S5_OPS = S5_ITEMS;
    /** Each consumer stops at one of these; the producer puts one per consumer after the items. */
    public static final int SENTINEL = -1;

    /** S6 event fan-out: 10,000 tasks wait on one Event, set once; 20 rounds. Ops: wakeups. */
    public static final int S6_WAITERS = 10_000, S6_ROUNDS = 20;
    public static final int S6_OPS = S6_WAITERS * S6_ROUNDS;

    /** S7 barrier: Barrier(100), 100 tasks pass it 1,000 times each. Ops: passes. */
    public static final int S7_PARTIES = 100, S7_ROUNDS = 1_000;
    public static final int S7_OPS = S7_PARTIES * S7_ROUNDS;

    /** S8 spawn + gather: 100,000 trivial tasks (task i returns i), gathered. */
    public static final int S8_TASKS = 100_000;
    public static final int S8_OPS = S8_TASKS;

    /** S9 yield ping-pong: 2 tasks alternate 1,000,000 yields in total. */
    public static final int S9_YIELDS = 1_000_000;
    public static final int S9_OPS = S9_YIELDS;

    /** S10 condition buffer: a buffer of 10 guarded by a Condition, 1 producer, 4 consumers, 200,000 items. */
    public static final int S10_CAPACITY = 10, S10_ITEMS = 200_000, S10_CONSUMERS = 4;
    public static final int S10_OPS = S10_ITEMS;

    /** Scaling: S2 with 10, 1,000 and 100,000 tasks, always 1,000,000 critical sections in all. */
    public static final int SCALING_S2_OPS = 1_000_000;
    /** Scaling: 100,000 waiters queued on one held Lock, then all cancelled. */
    public static final int SCALING_CANCEL_WAITERS = 100_000;

    /** Sum of 0 + 1 + ... + (n - 1). */
    public static long sumBelow(long n) {
        return n * (n - 1) / 2;
    }

    /** The barrier indices one run of S7 returns in all: every round hands out 0..parties-1. */
    public static final long S7_INDEX_SUM = S7_ROUNDS * sumBelow(S7_PARTIES);

    /** Fails the benchmark loudly (JMH reports the exception, {@code -foe true} stops the run). */
    public static long check(String scenario, String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(scenario + ": " + what + " was " + actual + ", expected " + expected);
        }
        return actual;
    }

    /** Fails the benchmark loudly unless {@code condition} holds. */
    public static void check(String scenario, boolean condition, String what) {
        if (!condition) throw new IllegalStateException(scenario + ": check failed: " + what);
    }
}
