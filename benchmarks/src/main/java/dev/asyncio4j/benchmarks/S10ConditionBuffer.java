package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S10 condition buffer: a Condition-guarded buffer of 10, 1 producer, 4 consumers, 200,000 items.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S10_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S10ConditionBuffer {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s10ConditionBuffer();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s10KotlinLoop();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s10KotlinxSingle();
    }
}
