package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S4 semaphore: Semaphore(10), 100,000 tasks each (acquire; yield; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S4_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S4Semaphore {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s4Semaphore();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s4KotlinLoop();
    }

    @Benchmark
    public long asyncio4jKotlinDefault() {
        return KotlinScenarios.s4KotlinDefault();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s4KotlinxSingle();
    }

    @Benchmark
    public long kotlinxDefault() {
        return KotlinxScenarios.s4KotlinxDefault();
    }

    /** Threads blocking in the kernel: seconds per invocation, and nothing for the JIT to finish. */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 1)
    public long juc() {
        return JucScenarios.s4Semaphore();
    }
}
