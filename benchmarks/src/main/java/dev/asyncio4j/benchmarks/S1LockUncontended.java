package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S1 lock uncontended: one task, 1,000,000 x (acquire; counter++; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S1_OPS)
public class S1LockUncontended extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s1LockUncontended();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s1KotlinLoop();
    }

    @Benchmark
    public long asyncio4jKotlinDefault() {
        return KotlinScenarios.s1KotlinDefault();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s1KotlinxSingle();
    }

    @Benchmark
    public long kotlinxDefault() {
        return KotlinxScenarios.s1KotlinxDefault();
    }

    /** Fair j.u.c. on virtual threads, one carrier: needs JDK 21+ (benchmarks/run forks it on the newest JDK). */
    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=1"})
    public long jucVirtual1Carrier() {
        return JucScenarios.s1LockUncontended(JucScenarios.virtualThreads());
    }

    /** The same with two carriers: the two cores run virtual threads in parallel. */
    @Benchmark
    @Fork(value = FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=2"})
    public long jucVirtual2Carriers() {
        return JucScenarios.s1LockUncontended(JucScenarios.virtualThreads());
    }
}
