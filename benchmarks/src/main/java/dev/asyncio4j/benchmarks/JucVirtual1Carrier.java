package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S1, S2 and S4 with java.util.concurrent's fair lock and semaphore on virtual threads, a virtual
 * thread per task, on one carrier thread: the Java column to beat. Needs JDK 21+:
 * {@code benchmarks/run} forks these on the newest JDK it finds ({@code -jvm}). The carriers are
 * a JVM option, so each count is a class: {@link JucVirtual2Carriers} inherits these methods.
 */
@Fork(value = ScenarioSettings.FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=1"})
public class JucVirtual1Carrier extends ScenarioSettings {
    @Benchmark
    @OperationsPerInvocation(S1_OPS)
    public long s1LockUncontended() {
        return JucScenarios.s1LockUncontended(JucScenarios.virtualThreads());
    }

    @Benchmark
    @OperationsPerInvocation(S2_OPS)
    public long s2LockContended() {
        return JucScenarios.s2LockContended(JucScenarios.virtualThreads());
    }

    @Benchmark
    @OperationsPerInvocation(S4_OPS)
    public long s4Semaphore() {
        return JucScenarios.s4Semaphore(JucScenarios.virtualThreads(), S4_TASKS);
    }
}
