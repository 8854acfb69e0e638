package dev.asyncio4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.benchmarks.Report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's judgement of noisy runs: per-fork ratios, and a target met only at the lowest fork. */
class ReportTest {
    @Test
    void targetMetOnlyWhenLowestForkMeetsIt() {
        assertEquals(Verdict.MET, Report.verdict(new double[] {1.25, 1.3, 1.4}, 1.2));
        assertEquals(Verdict.WITHIN_NOISE, Report.verdict(new double[] {1.1, 1.3, 1.4}, 1.2));
        assertEquals(Verdict.MISSED, Report.verdict(new double[] {1.0, 1.1, 1.15}, 1.2));
    }

    @Test
    void perForkRatiosPairForkIWithForkI() {
        assertArrayEquals(new double[] {2, 2, 2}, Report.ratios(new double[] {2, 4, 6}, new double[] {1, 2, 3}));
    }

    @Test
    void differentForkCountsUseEveryPair() {
        assertArrayEquals(new double[] {2, 1}, Report.ratios(new double[] {2}, new double[] {1, 2}));
    }

    @Test
    void quietMachineIsNotFlaggedBusy(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), "[" + run("S2LockContended.kotlinxSingle", "[[1.0]]") + "]");
        Files.writeString(dir.resolve("machine.txt"), "LOAD before loadavg=0.20,0.20,0.30 nproc=2\nLOAD after loadavg=1.30,0.90,0.40 nproc=2\n");
        Path md = dir.resolve("RESULTS.md");

        Report.main(new String[] {dir.toString(), md.toString()});

        assertFalse(Files.readString(md).contains("The machine was busy"));
    }

    @Test
    void reportShowsSpreadVerdictLoadAndVirtualThreadsFromRunDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), "[" + run("S2LockContended.asyncio4jKotlinLoop", "[[1.3],[1.1],[1.4]]")
                + "," + run("S2LockContended.kotlinxSingle", "[[1.0],[1.0],[1.0]]") + "]");
        Files.writeString(dir.resolve("jmh-virtual.json"), "[" + run("JucVirtual2Carriers.s2LockContended", "[[500.0],[500.0],[500.0]]") + "]");
        Files.writeString(dir.resolve("machine.txt"), "LOAD before loadavg=0.10,0.20,0.30 nproc=2\nLOAD after loadavg=2.50,0.50,0.40 nproc=2\n");
        Path md = dir.resolve("RESULTS.md");

        Report.main(new String[] {dir.toString(), md.toString()});

        String text = Files.readString(md);
        assertTrue(text.contains("| S2 lock contended | **1.27×** 1.10–1.40× within noise |"), text);
        assertTrue(text.contains("before the run 0.10 0.20 0.30, after it 2.50 0.50 0.40; nproc 2"), text);
        assertTrue(text.contains("| S2 lock contended | n/a | n/a | 500 | n/a |"), text); // asyncio4j Java, virtual 1, virtual 2, platform
        assertTrue(text.contains("The machine was busy"), text); // 2.50 after the run, on 2 cores
    }

    @Test
    void allocationTableComesFromGcProfiler(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), "[" + run("S9YieldPingPong.asyncio4jJava", "[[1.0]]").replace("}}",
                "},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":96.4,\"rawData\":[[96.4]]}}}") + "]");
        Path md = dir.resolve("RESULTS.md");

        Report.main(new String[] {dir.toString(), md.toString()});

        assertTrue(Files.readString(md).contains("| S9 yield ping-pong | 96 | n/a | n/a | n/a | n/a |"), Files.readString(md));
    }

    @Test
    void ioSectionShowsEchoAndSubprocessWithIssue14Targets(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), "["
                + run("EchoBenchmark.asyncio4jJava", "[[60000.0]]").replace("}}", "},\"params\":{\"clients\":\"1\"}}") + ","
                + run("EchoBenchmark.nioSelectorFloor", "[[100000.0]]").replace("}}", "},\"params\":{\"clients\":\"1\"}}") + ","
                + run("EchoBenchmark.asyncio4jJava", "[[500000.0]]").replace("}}", "},\"params\":{\"clients\":\"100\"}}") + ","
                + run("SubprocessBenchmark.asyncio4jJava", "[[400.0]]") + ","
                + run("SubprocessBenchmark.jdkThreads", "[[500.0]]") + "]");
        String py = " python=3.13.5 executable=/usr/bin/python3 loop=";
        Files.writeString(dir.resolve("cpython.txt"), "CPYTHON ECHO-1 ops=20000 seconds=1 ops_per_s=10000.0" + py + "asyncio\n"
                + "CPYTHON ECHO-1 ops=20000 seconds=1 ops_per_s=50000.0" + py + "uvloop uvloop=0.21.0\n"
                + "CPYTHON SUBPROCESS ops=200 seconds=1 ops_per_s=500.0" + py + "asyncio\n");
        Path md = dir.resolve("RESULTS.md");

        Report.main(new String[] {dir.toString(), md.toString()});

        String text = Files.readString(md);
        assertTrue(text.contains("| echo, 1 client | 60,000 | 100,000 | 10,000 | 50,000 |"), text);
        assertTrue(text.contains("| echo, 1 client | **6.00×** met | **1.20×** met | **0.60×** MISSED |"), text);
        assertTrue(text.contains("| echo, 100 clients | n/a | n/a | n/a |"), text); // only asyncio4j measured
        assertTrue(text.contains("| subprocess spawn | 400 | 500 | 500 | n/a |"), text);
        assertTrue(text.contains("| subprocess spawn | **0.80×** MISSED | n/a | **0.80×** |"), text); // only CPython judged
        assertTrue(text.contains("- ECHO-1 echo, 1 client: Java ÷ its NIO selector floor ≥ 0.70×, missed"), text);
    }

    @Test
    void missedTargetSaysFloorItselfWhenEvenTheFloorMissesIt(@TempDir Path dir) throws IOException {
        jmh(dir, run("S1LockUncontended.asyncio4jKotlinLoop", "[[100.0],[100.0],[100.0]]"),
                run("S1LockUncontended.continuationFloor", "[[150.0],[160.0],[170.0]]"),
                run("S1LockUncontended.asyncio4jJava", "[[100.0],[100.0],[100.0]]"),
                run("S1LockUncontended.completableFutureFloor", "[[300.0],[300.0],[300.0]]"));
        cpython(dir, "S1", 10, 3);

        String text = report(dir);
        // Kotlin ÷ CPython: 10× against a floor at 15-17×: out of reach; Java ÷ CPython: 10× against a floor at 30×.
        assertTrue(text.contains("| S1 lock uncontended | n/a | **10×** 10–10× MISSED (floor itself 16×) "
                + "| **10×** 10–10× MISSED (floor 30×) |"), text);
        assertTrue(text.contains("- S1 lock uncontended: Kotlin ÷ CPython ≥ 20×, missed, per-fork ratio 10×–10×; "
                + "unreachable: the floor itself 15×–17×"), text);
        assertTrue(text.contains("- S1 lock uncontended: Java ÷ CPython ≥ 20×, missed, per-fork ratio 10×–10×; "
                + "the floor reaches 30×–30×"), text);
        assertTrue(text.contains("Of those not met, 1 is out of any library's reach on its path: the floor itself misses it."), text);
    }

    @Test
    void floorsTableShowsEveryScenarioAndTheFloorsOwnRatioToCpython(@TempDir Path dir) throws IOException {
        jmh(dir, run("S5Queue.completableFutureFloor", "[[3000.0]]"), run("S10ConditionBuffer.continuationFloor", "[[500.0]]"));
        cpython(dir, "S5", 100, 1);

        String text = report(dir);
        assertTrue(text.contains("| S5 queue | 3,000 | n/a | **30×** | n/a | n/a | n/a | n/a | n/a |"), text);
        assertTrue(text.contains("| S10 condition buffer | n/a | n/a | n/a | n/a | 500 | n/a | n/a | n/a |"), text);
    }

    @Test
    void floorReachFromOneForkIsOneFigure(@TempDir Path dir) throws IOException {
        jmh(dir, run("S2LockContended.asyncio4jJava", "[[100.0]]"), run("S2LockContended.completableFutureFloor", "[[300.0]]"));
        cpython(dir, "S2", 10, 1);

        assertTrue(report(dir).contains("- S2 lock contended: Java ÷ CPython ≥ 20×, missed, ratio 10× (one fork); the floor reaches 30×\n"));
    }

    /** A run directory's JMH output: these results. */
    private static void jmh(Path dir, String... runs) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), "[" + String.join(",", runs) + "]");
    }

    /** A run directory's CPython output: {@code runs} runs of a scenario on asyncio at this speed. */
    private static void cpython(Path dir, String scenario, double opsPerSecond, int runs) throws IOException {
        Files.writeString(dir.resolve("cpython.txt"), ("CPYTHON " + scenario + " ops=1 seconds=1 ops_per_s=" + opsPerSecond
                + " python=3.11.2 executable=/usr/bin/python3 loop=asyncio\n").repeat(runs));
    }

    /** RESULTS.md from the run directory {@code dir}. */
    private static String report(Path dir) throws IOException {
        Path md = dir.resolve("RESULTS.md");
        Report.main(new String[] {dir.toString(), md.toString()});
        return Files.readString(md);
    }

    /** One JMH result, as {@code -rf json} writes it (the fields the report reads). */
    private static String run(String benchmark, String rawData) {
        return "{\"benchmark\":\"dev.asyncio4j.benchmarks." + benchmark + "\",\"forks\":3,\"jdkVersion\":\"25\","
                + "\"primaryMetric\":{\"score\":1.0,\"rawData\":" + rawData + "}}";
    }
}
