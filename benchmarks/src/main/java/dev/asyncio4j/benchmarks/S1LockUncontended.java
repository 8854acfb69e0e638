package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S1 lock uncontended: one task, 1,000,000 x (acquire; counter++; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S1_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S1LockUncontended {
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
}
