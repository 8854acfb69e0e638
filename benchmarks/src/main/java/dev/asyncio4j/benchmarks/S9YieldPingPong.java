package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S9 yield ping-pong: 2 tasks alternate 1,000,000 yields in total.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S9_OPS)
public class S9YieldPingPong extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s9YieldPingPong(JavaMachinery.ASYNCIO4J);
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s9KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s9KotlinFloor();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s9KotlinxSingle();
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s9YieldPingPong(new CompletableFutureFloor());
    }
}
