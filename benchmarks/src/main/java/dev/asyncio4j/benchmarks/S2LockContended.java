package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S2 lock contended: 1,000 tasks x 1,000 x (acquire; counter++; yield; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S2_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S2LockContended {
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

    /** Threads blocking in the kernel: seconds per invocation, and nothing for the JIT to finish. */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 1)
    public long juc() {
        return JucScenarios.s2LockContended();
    }
}
