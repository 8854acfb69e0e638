package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S1 lock uncontended: one task, 1,000,000 x (acquire; counter++; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S1_OPS)
public class S1LockUncontended extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s1LockUncontended(JavaMachinery.ASYNCIO4J);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s1LockUncontended(new CompletableFutureFloor());
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s1KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s1KotlinFloor();
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
