package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S5 queue: Queue(100), 1 producer puts 1,000,000 ints, 4 consumers get them.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S5_OPS)
public class S5Queue extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s5Queue();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s5KotlinLoop();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s5KotlinxSingle();
    }
}
