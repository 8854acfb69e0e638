package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import org.openjdk.jmh.annotations.*;

/**
 * Scaling: S2 (acquire; counter++; yield; release) with 10 and 100,000 tasks (1,000 is S2LockContended, the same code), always
 * 1,000,000 critical sections in all, so the per-operation cost can be compared across sizes:
 * it must stay flat.
 */
@State(Scope.Benchmark)
@OperationsPerInvocation(SCALING_S2_OPS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"}) // not judged against a target: one fork
public class ScalingS2 extends ScenarioSettings {
    @Param({"10", "100000"}) // 1,000 tasks is S2LockContended itself
    public int tasks;

    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s2LockContended(JavaMachinery.ASYNCIO4J, tasks, SCALING_S2_OPS / tasks);
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s2KotlinLoop(tasks, SCALING_S2_OPS / tasks);
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s2KotlinxSingle(tasks, SCALING_S2_OPS / tasks);
    }
}
