package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S3 seed race: 10,000 tasks each (acquire; tmp = value; yield; value = tmp + 1; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S3_OPS)
public class S3SeedRace extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s3SeedRace(JavaMachinery.ASYNCIO4J);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s3SeedRace(new CompletableFutureFloor());
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s3KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s3KotlinFloor();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s3KotlinxSingle();
    }
}
