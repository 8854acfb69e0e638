package dev.asyncio4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every scenario class inherits (JMH reads these annotations from superclasses):
 * throughput in scenario operations per second, three forks, so that the report can give every
 * ratio's spread across forks and judge a target at the lowest one, and short iterations, so that
 * the whole of {@code benchmarks/run} stays under 20 minutes on 2 cores. Command-line options
 * ({@code JMH_ARGS}, {@code --quick}) override them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = ScenarioSettings.WARMUP_ITERATIONS, time = ScenarioSettings.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = ScenarioSettings.MEASURED_ITERATIONS, time = ScenarioSettings.ITERATION_MS, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = ScenarioSettings.FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class ScenarioSettings {
    /** Forks per benchmark: the report's spread is the lowest and highest per-fork ratio. */
    static final int FORKS = 3;
    /**
     * 1.6 s of warm-up (on a quiet machine the hot loops are compiled by then), 1.2 s measured:
     * with the JVM's start and the last invocation's overrun about 5 s per fork, so the 62
     * benchmarks in 3 forks take ~15.5 minutes. {@code JMH_ARGS='-wi 10'} warms up longer.
     */
    static final int WARMUP_ITERATIONS = 4, MEASURED_ITERATIONS = 3, ITERATION_MS = 400;
}
