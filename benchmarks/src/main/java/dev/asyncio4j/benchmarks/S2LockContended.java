package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * S2 lock contended: 1,000 tasks x 1,000 x (acquire; counter++; yield; release).
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@OperationsPerInvocation(S2_OPS)
public class S2LockContended extends ScenarioSettings {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s2LockContended(JavaMachinery.ASYNCIO4J, S2_TASKS, S2_ITERATIONS);
    }

    /** Not a system: the same Java code with asyncio4j taken out, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s2LockContended(new CompletableFutureFloor(), S2_TASKS, S2_ITERATIONS);
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s2KotlinLoop(S2_TASKS, S2_ITERATIONS);
    }

    /** Not a system: the same Kotlin code on bare continuations, the floor under asyncio4jKotlinLoop. */
    @Benchmark
    public long continuationFloor() {
        return KotlinFloors.s2KotlinFloor();
    }

    @Benchmark
    public long asyncio4jKotlinDefault() {
        return KotlinScenarios.s2KotlinDefault();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s2KotlinxSingle(S2_TASKS, S2_ITERATIONS);
    }

    @Benchmark
    public long kotlinxDefault() {
        return KotlinxScenarios.s2KotlinxDefault();
    }

    /** Platform threads blocking in the kernel: seconds per invocation, and nothing for the JIT to finish. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    @Warmup(iterations = 1)
    @Measurement(iterations = 1)
    public long juc() {
        return JucScenarios.s2LockContended(JucScenarios.PLATFORM);
    }
}
