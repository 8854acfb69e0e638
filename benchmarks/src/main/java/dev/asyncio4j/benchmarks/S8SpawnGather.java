package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S8 spawn + gather: 100,000 trivial tasks, gathered. Ops: tasks.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S8_OPS)
public class S8SpawnGather extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s8SpawnGather(JavaMachinery.ASYNCIO4J);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s8SpawnGather(new CompletableFutureFloor());
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s8KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s8KotlinFloor();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s8KotlinxSingle();
    }
}
