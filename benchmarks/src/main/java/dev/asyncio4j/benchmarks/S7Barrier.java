package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S7 barrier: Barrier(100), 100 tasks pass it 1,000 times each. Ops: passes.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S7_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S7Barrier {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s7Barrier();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s7KotlinLoop();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s7KotlinxSingle();
    }
}
