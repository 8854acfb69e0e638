package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S6 event fan-out: 10,000 tasks wait on one Event, set once; 20 rounds. Ops: wakeups.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S6_OPS)
public class S6EventFanOut extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s6EventFanOut(JavaMachinery.ASYNCIO4J);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s6EventFanOut(new CompletableFutureFloor());
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s6KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s6KotlinFloor();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s6KotlinxSingle();
    }
}
