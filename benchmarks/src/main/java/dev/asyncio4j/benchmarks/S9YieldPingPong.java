package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * S9 yield ping-pong: 2 tasks alternate 1,000,000 yields in total.
 * One invocation runs the whole scenario and checks its result; scores are scenario operations
 * per second. Method names are the systems that benchmarks/RESULTS.md compares.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(S9_OPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class S9YieldPingPong {
    @Benchmark
    public long asyncio4jJava() {
        return JavaScenarios.s9YieldPingPong();
    }

    @Benchmark
    public long asyncio4jKotlinLoop() {
        return KotlinScenarios.s9KotlinLoop();
    }

    @Benchmark
    public long kotlinxSingle() {
        return KotlinxScenarios.s9KotlinxSingle();
    }

    /** Not a system: the CompletableFuture machinery alone, the floor under asyncio4jJava (see RESULTS.md). */
    @Benchmark
    public long completableFutureFloor() {
        return JavaScenarios.s9CompletableFutureFloor();
    }
}
