package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Scaling: 100,000 waiters queued on one held lock, then cancelled, last queued first (the worst
 * order for a queue whose removal is not O(1)). Ops: waiters queued and cancelled.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SCALING_CANCEL_WAITERS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ScalingCancel {
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
