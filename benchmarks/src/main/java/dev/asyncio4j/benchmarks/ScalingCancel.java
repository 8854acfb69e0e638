package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * Scaling: 100,000 waiters queued on one held lock, then cancelled, last queued first (the worst
 * order for a queue whose removal is not O(1)). Ops: waiters queued and cancelled.
 */
@OperationsPerInvocation(SCALING_CANCEL_WAITERS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"}) // not judged against a target: one fork
public class ScalingCancel extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.cancelQueuedWaiters(SCALING_CANCEL_WAITERS);
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.cancelKotlinLoop(SCALING_CANCEL_WAITERS);
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.cancelKotlinxSingle(SCALING_CANCEL_WAITERS);
    }
}
