package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S2 lock contended: 1,000 tasks x 1,000 x (acquire; counter++; yield; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S2_OPS)
public class S2LockContended extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s2LockContended(S2_TASKS, S2_ITERATIONS);
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s2KotlinLoop(S2_TASKS, S2_ITERATIONS);
    }

    @Benchmark
    public long asyncio4jKotlinDefault() {
        return KotlinScenarios.s2KotlinDefault();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s2KotlinxSingle(S2_TASKS, S2_ITERATIONS);
    }

    @Benchmark
    public long kotlinxDefault() {
        return KotlinxScenarios.s2KotlinxDefault();
    }

    /** Platform threads blocking in the kernel: seconds per invocation, and nothing for the JIT to finish. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    @Warmup(iterations = 1)
    @Measurement(iterations = 1)
    public long juc() {
        return JucScenarios.s2LockContended(JucScenarios.PLATFORM);
    }

    /** Fair j.u.c. on virtual threads, one carrier: needs JDK 21+ (benchmarks/run forks it on the newest JDK). */
    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=1"})
    public long jucVirtual1Carrier() {
        return JucScenarios.s2LockContended(JucScenarios.virtualThreads());
    }

    /** The same with two carriers: the two cores run virtual threads in parallel. */
    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=2"})
    public long jucVirtual2Carriers() {
        return JucScenarios.s2LockContended(JucScenarios.virtualThreads());
    }
}
