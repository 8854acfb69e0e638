package dev.asyncio4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.benchmarks.Profiles.Profiled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile pass: which benchmarks it profiles, and PROFILES.md from async-profiler's collapsed stacks. */
class ProfilesTest {
    private static final List<String> NOT_MET = List.of(
            "## Targets (issues 14 and 16)",
            "- S4 semaphore: Default: asyncio4j ÷ kotlinx ≥ 1.00×, within noise, per-fork ratio 0.97×–1.09×",
            "- S6 event fan-out: Kotlin ÷ CPython ≥ 20×, missed, per-fork ratio 8.81×–9.67×",
            "- S6 event fan-out: Kotlin ÷ CPython + uvloop ≥ 10×, missed, per-fork ratio 6.90×–7.63×",
            "- ECHO-100 echo, 100 clients: Java ÷ CPython ≥ 5.00×, missed, per-fork ratio 2.42×–2.52×",
            "- memory: asyncio4j Kotlin waiter bytes ≤ kotlinx's, missed");

    @Test
    void planProfilesEachBenchmarkBehindATargetNotMetWithItsFloor() {
        List<String> plan = Profiles.plan(NOT_MET, List.of()).stream().map(Profiled::planLine).toList();

        assertEquals(List.of(
                "S4Semaphore.asyncio4jKotlinDefault S4Semaphore asyncio4jKotlinDefault - continuationFloor S4Semaphore.continuationFloor",
                "S6EventFanOut.asyncio4jKotlinLoop S6EventFanOut asyncio4jKotlinLoop - continuationFloor S6EventFanOut.continuationFloor",
                "EchoBenchmark.asyncio4jJava-clients100 EchoBenchmark asyncio4jJava 100 nioSelectorFloor "
                        + "EchoBenchmark.nioSelectorFloor-clients100"), plan);
        assertEquals(2, Profiles.plan(NOT_MET, List.of()).get(1).targets().size()); // both S6 Kotlin targets
    }

    @Test
    void planWithRegexpsProfilesTheBenchmarksTheyName() {
        List<String> keys = Profiles.plan(NOT_MET, List.of("S9.*Java", "S10")).stream().map(Profiled::key).toList();

        assertEquals(List.of("S9YieldPingPong.asyncio4jJava", "S10ConditionBuffer.asyncio4jJava", "S10ConditionBuffer.asyncio4jKotlinLoop"), keys);
    }

    @Test
    void readableFramesDropLambdaAddressesAndJitMarks() {
        assertEquals("dev.asyncio4j.benchmarks.JavaScenarios$$Lambda.apply",
                Profiles.readable("dev/asyncio4j/benchmarks/JavaScenarios$$Lambda$64.0x00007ff90c08c6c0.apply_[j]"));
        assertEquals("<lambda>.get", Profiles.readable("0x00007ff90c083b28.get"));
    }

    @Test
    void reportShowsSelfTimeLibraryTotalsAllocationSitesAndTheFloor(@TempDir Path dir) throws IOException {
        Path s6 = dir.resolve("S6EventFanOut.asyncio4jKotlinLoop"), floor = dir.resolve("S6EventFanOut.continuationFloor");
        write(s6.resolve("cpu.json"), jmh("S6EventFanOut.asyncio4jKotlinLoop", 1000.0, 190.0));
        // The loop's frames around the scenario's code do not count for asyncio4j; the loop's own work does.
        write(s6.resolve("cpu/x/collapsed-itimer.csv"), """
                java/lang/Thread.run;dev/asyncio4j/EventLoop.runOnce;dev/asyncio4j/benchmarks/KotlinScenarios.s6Kotlin;dev/asyncio4j/Event.set;dev/asyncio4j/WaiterQueue.poll 50
                java/lang/Thread.run;dev/asyncio4j/EventLoop.runOnce;dev/asyncio4j/benchmarks/KotlinScenarios.s6Kotlin;dev/asyncio4j/Event.set 10
                java/lang/Thread.run;dev/asyncio4j/EventLoop.runOnce;java/util/ArrayDeque.poll_[j] 20
                java/lang/Thread.run;dev/asyncio4j/EventLoop.runOnce;dev/asyncio4j/benchmarks/KotlinScenarios.s6Kotlin 10
                start_thread;thread_native_entry;G1ParScanThreadState::trim_queue 10
                """);
        write(s6.resolve("alloc/x/collapsed-alloc.csv"), """
                java/lang/Thread.run;dev/asyncio4j/Event.waitAsync;dev.asyncio4j.WaiterFuture_[i] 750
                java/lang/Thread.run;kotlin/coroutines/Foo.bar;java.lang.Object[]_[k] 250
                """);
        write(floor.resolve("cpu.json"), jmh("S6EventFanOut.continuationFloor", 4000.0, 40.0));
        write(floor.resolve("cpu/x/collapsed-itimer.csv"), "java/lang/Thread.run;dev/asyncio4j/benchmarks/ContinuationLoop.runAll 5\n");

        String md = Profiles.render(dir, Profiles.plan(NOT_MET, List.of("S6.*Kotlin")), "note");

        // The loop's own work (runOnce polling its queue) is in asyncio4j but not called by the scenario.
        assertTrue(md.contains("| `S6EventFanOut.asyncio4jKotlinLoop` | 1,000 | 4,000 | 0.25× | 190 | 40 | 80.0% | 60.0% | 60.0% "
                + "| 10.0% | 0.0% | `Event.set` 60.0%, `WaiterQueue.poll` 50.0% |"), md);
        assertTrue(md.contains("- Kotlin ÷ CPython ≥ 20×, missed, per-fork ratio 8.81×–9.67×"), md);
        assertTrue(md.contains(": asyncio4j 60.0%, scenario code 10.0%, JDK 20.0%, Kotlin 0.0%, JVM and kernel 0.0%, "
                + "GC threads 10.0%, JIT compiler threads 0.0%, other JVM threads 0.0%. In asyncio4j on the scenario's behalf: 80.0%, of which called by the scenario's code 60.0%"), md);
        assertTrue(md.contains("| `dev.asyncio4j.WaiterQueue.poll` | 50.0% |"), md);
        assertTrue(md.contains("| `dev.asyncio4j.Event.set` | 60.0% | 10.0% |"), md);
        assertTrue(md.contains("| `dev.asyncio4j.EventLoop.runOnce` | 20.0% | 0.0% |"), md);
        assertTrue(md.contains("| `dev.asyncio4j.WaiterFuture` in `dev.asyncio4j.Event.waitAsync` | 75.0% |"), md);
        assertTrue(md.contains("Floor `continuationFloor`: 4,000 ops/s, 40 B/op; self time by kind: asyncio4j 0.0%, "
                + "scenario code 100.0%"), md);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** A JMH result with -prof gc's bytes per operation, as {@code -rf json} writes it. */
    private static String jmh(String benchmark, double score, double bytes) {
        return "[{\"benchmark\":\"dev.asyncio4j.benchmarks." + benchmark + "\",\"forks\":1,\"primaryMetric\":{\"score\":" + score
                + ",\"rawData\":[[" + score + "]]},\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + bytes + "}}}]";
    }
}
