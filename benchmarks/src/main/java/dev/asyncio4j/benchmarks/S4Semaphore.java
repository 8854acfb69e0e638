package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S4 semaphore: Semaphore(10), 100,000 tasks each (acquire; yield; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S4_OPS)
public class S4Semaphore extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s4Semaphore(JavaMachinery.ASYNCIO4J);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s4Semaphore(new CompletableFutureFloor());
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s4KotlinLoop();
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s4KotlinFloor();
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

    /** Platform threads blocking in the kernel: seconds per invocation, and nothing for the JIT to finish. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    @Warmup(iterations = 1)
    @Measurement(iterations = 1)
    public long juc() {
        return JucScenarios.s4Semaphore(JucScenarios.PLATFORM, S4_JUC_THREADS);
    }
}
