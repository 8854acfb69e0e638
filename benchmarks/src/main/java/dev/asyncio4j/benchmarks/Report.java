package dev.asyncio4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes benchmarks/RESULTS.md from one run of {@code benchmarks/run}: JMH's JSON files
 * ({@code jmh*.json}, per-fork scores in their raw data), the CPython scripts' {@code CPYTHON ...}
 * lines (one per run), MemoryFootprint's {@code MEMORY ...} lines and the run's {@code LOAD ...}
 * lines. Nothing in RESULTS.md is typed by hand: run {@code benchmarks/run} again to refresh it.
 *
 * <p>Every ratio is computed per fork (fork i of one system over fork i of the other; all pairs
 * when their fork counts differ) and shown as the mean with the lowest-highest per-fork spread. A
 * target is met when the lowest per-fork ratio meets it, "within noise" when only the highest does,
 * missed otherwise.
 *
 * <p>Usage: {@code Report <run directory> <RESULTS.md> [note]}; what a run did not measure shows
 * as "n/a".
 */
public final class Report {
    Report() {
    }

    // Systems, as the JMH method names spell them.
    static final String JAVA = "asyncio4jJava", KOTLIN = "asyncio4jKotlinLoop", KOTLIN_DEFAULT = "asyncio4jKotlinDefault",
            KOTLINX = "kotlinxSingle", KOTLINX_DEFAULT = "kotlinxDefault", JUC = "juc", VIRTUAL_1 = "jucVirtual1Carrier",
            VIRTUAL_2 = "jucVirtual2Carriers", CPYTHON = "cpython", UVLOOP = "cpythonUvloop",
            JAVA_FLOOR = "completableFutureFloor", KOTLIN_FLOOR = "continuationFloor",
            NIO_FLOOR = "nioSelectorFloor", JDK_THREADS = "jdkThreads";

    static final String[][] SCENARIOS = {
        {"S1", "lock uncontended"}, {"S2", "lock contended"}, {"S3", "seed race"}, {"S4", "semaphore"},
        {"S5", "queue"}, {"S6", "event fan-out"}, {"S7", "barrier"}, {"S8", "spawn + gather"},
        {"S9", "yield ping-pong"}, {"S10", "condition buffer"},
    };

    /** Issue 14's I/O scenarios, named as the CPython scripts print them (ECHO-N: N clients). */
    static final String[][] IO_SCENARIOS = {
        {"ECHO-1", "echo, 1 client"}, {"ECHO-100", "echo, 100 clients"}, {"SUBPROCESS", "subprocess spawn"},
    };

    /** Met only at the lowest fork. */
    enum Verdict { MET, WITHIN_NOISE, MISSED }

    /** A ratio target and how it fared; {@code reach}: what the floor under it reaches, when known. */
    record Target(String scenario, String what, double[] ratios, Verdict verdict, String reach) {
    }

    /** scenario -> system -> ops/s per fork (a CPython run counts as a fork); "ScalingS2:10" style keys for parameters. */
    private final Map<String, Map<String, double[]>> scores = new TreeMap<>();
    /** scenario -> system -> bytes allocated per scenario operation (JMH -prof gc), when profiled. */
    private final Map<String, Map<String, Double>> allocation = new TreeMap<>();
    private final Map<String, Double> memory = new LinkedHashMap<>();
    private final Map<String, String> load = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    /** JMH's run description per system (JDK, forks, iterations). */
    private final Map<String, Map<String, Object>> jmhRuns = new LinkedHashMap<>();
    private String python, pythonExecutable, uvloop, nproc;
    /** Targets whose ratio this run could not compute (a system not run). */
    private int unmeasured;
    private int memoryWaiters;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report <run directory> <RESULTS.md> [note]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Report report = new Report();
        try (DirectoryStream<Path> jsons = Files.newDirectoryStream(dir, "jmh*.json")) {
            for (Path json : jsons) report.readJmh(json);
        }
        for (String lines : new String[] {"cpython.txt", "memory.txt", "machine.txt"}) report.readLines(dir.resolve(lines));
        String md = report.render(args.length > 2 ? args[2] : "");
        Files.writeString(Path.of(args[1]), md, StandardCharsets.UTF_8);
        System.out.println("wrote " + args[1] + ": " + report.count(Verdict.MET) + " of " + report.targets.size()
                + " targets met, " + report.count(Verdict.WITHIN_NOISE) + " within noise");
    }

    @SuppressWarnings("unchecked")
    void readJmh(Path file) throws IOException {
        for (Object o : (List<Object>) Json.parse(Files.readString(file))) {
            Map<String, Object> run = (Map<String, Object>) o;
            String name = (String) run.get("benchmark");
            String[] parts = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1).split("\\.");
            String cls = parts[0], method = parts[1];
            // S2LockContended.kotlinxSingle: a scenario's class, a system's method; JucVirtual1Carrier.s2LockContended:
            // a system's class (the carriers are a JVM option), a scenario's method.
            boolean systemClass = cls.startsWith("Juc");
            String system = systemClass ? Character.toLowerCase(cls.charAt(0)) + cls.substring(1) : method;
            String test = systemClass ? method.toUpperCase(Locale.ROOT) : cls;
            Map<String, Object> params = (Map<String, Object>) run.get("params");
            String scenario;
            // The I/O benchmarks' own settings would misdescribe the scenarios': Setup falls back on them only.
            jmhRuns.putIfAbsent(test.endsWith("Benchmark") ? "io " + system : system, run);
            if (test.equals("EchoBenchmark")) {
                scenario = "ECHO-" + (params == null ? "?" : params.get("clients"));
            } else if (test.equals("SubprocessBenchmark")) {
                scenario = "SUBPROCESS";
            } else {
                scenario = test.startsWith("Scaling") ? test : test.replaceAll("^(S\\d+).*", "$1");
                if (params != null && params.containsKey("tasks")) scenario += ":" + params.get("tasks");
            }
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            List<Object> rawData = (List<Object>) metric.get("rawData"); // one list of iteration scores per fork
            double[] perFork = rawData == null ? new double[0] : rawData.stream()
                    .mapToDouble(fork -> ((List<Object>) fork).stream().mapToDouble(x -> x instanceof Double d ? d : Double.NaN)
                            .average().orElse(Double.NaN))
                    .filter(x -> !Double.isNaN(x)).toArray();
            if (perFork.length == 0 && metric.get("score") instanceof Double d) perFork = new double[] {d};
            if (perFork.length > 0) put(scenario, system, perFork);
            Map<String, Object> secondary = (Map<String, Object>) run.get("secondaryMetrics");
            Object norm = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
            if (norm != null && ((Map<String, Object>) norm).get("score") instanceof Double bytes) {
                allocation.computeIfAbsent(scenario, k -> new TreeMap<>()).put(system, bytes);
            }
        }
    }

    private void put(String scenario, String system, double... values) {
        Map<String, double[]> s = scores.computeIfAbsent(scenario, k -> new TreeMap<>());
        double[] old = s.getOrDefault(system, new double[0]);
        double[] all = Arrays.copyOf(old, old.length + values.length);
        System.arraycopy(values, 0, all, old.length, values.length);
        s.put(system, all);
    }

    private void readLines(Path file) throws IOException {
        if (!Files.exists(file)) return;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) continue;
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq > 0) kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            if (f[0].equals("CPYTHON") && kv.containsKey("ops_per_s")) {
                boolean onUvloop = "uvloop".equals(kv.get("loop"));
                put(f[1], onUvloop ? UVLOOP : CPYTHON, Double.parseDouble(kv.get("ops_per_s")));
                python = kv.get("python");
                pythonExecutable = kv.get("executable");
                if (onUvloop) uvloop = kv.get("uvloop");
            } else if (f[0].equals("MEMORY") && kv.containsKey("bytes_per_waiter")) {
                memory.put(f[1], Double.valueOf(kv.get("bytes_per_waiter")));
                memoryWaiters = Integer.parseInt(kv.get("waiters"));
            } else if (f[0].equals("LOAD")) {
                load.put(f[1], kv.getOrDefault("loadavg", "?").replace(",", " "));
                nproc = kv.get("nproc");
            }
        }
    }

    private double[] forks(String scenario, String system) {
        Map<String, double[]> s = scores.get(scenario);
        return s == null ? null : s.get(system);
    }

    /** The mean over forks, or null when not measured. */
    Double score(String scenario, String system) {
        double[] f = forks(scenario, system);
        return f == null ? null : Arrays.stream(f).average().orElseThrow();
    }

    /** Bytes allocated per scenario operation (JMH -prof gc), or null when not profiled. */
    Double allocation(String scenario, String system) {
        return allocation.getOrDefault(scenario, Map.of()).get(system);
    }

    private long count(Verdict verdict) {
        return targets.stream().filter(t -> t.verdict == verdict).count();
    }

    /** Met when the lowest per-fork ratio meets the target, within noise when only the highest does. */
    static Verdict verdict(double[] ratios, double target) {
        if (Arrays.stream(ratios).min().orElseThrow() >= target) return Verdict.MET;
        return Arrays.stream(ratios).max().orElseThrow() >= target ? Verdict.WITHIN_NOISE : Verdict.MISSED;
    }

    /** Per-fork ratios: fork i over fork i, or every pair when the fork counts differ. */
    static double[] ratios(double[] num, double[] den) {
        if (num.length == den.length) {
            double[] r = new double[num.length];
            for (int i = 0; i < r.length; i++) r[i] = num[i] / den[i];
            return r;
        }
        double[] r = new double[num.length * den.length];
        for (int i = 0; i < num.length; i++) for (int j = 0; j < den.length; j++) r[i * den.length + j] = num[i] / den[j];
        return r;
    }

    /**
     * A ratio cell: mean, per-fork spread and, when {@code target} is a number, the verdict, which
     * the Targets section lists. NaN target: shown, not judged.
     */
    private String ratio(String scenario, String what, String num, String den, double target) {
        return ratio(scenario, what, num, den, target, null);
    }

    /**
     * A ratio cell whose target a floor bounds: where it is not met, the cell adds the floor's own
     * ratio to the same denominator ({@code floor ÷ den}). When even the floor misses the target (its
     * highest per-fork ratio is below it), no library on that path can meet it: "floor itself".
     */
    private String ratio(String scenario, String what, String num, String den, double target, String floor) {
        double[] a = forks(scenario, num), b = forks(scenario, den);
        if (a == null || b == null) {
            if (!Double.isNaN(target)) unmeasured++;
            return "n/a";
        }
        double[] r = ratios(a, b);
        double lo = Arrays.stream(r).min().orElseThrow(), hi = Arrays.stream(r).max().orElseThrow();
        String cell = "**" + fmtRatio(score(scenario, num) / score(scenario, den)) + "**"
                + (r.length > 1 ? " " + fmtRatio(lo).replace("×", "") + "–" + fmtRatio(hi) : "");
        if (Double.isNaN(target)) return cell;
        Verdict v = verdict(r, target);
        String reach = v == Verdict.MET ? null : reach(scenario, floor, den, target);
        targets.add(new Target(scenario, what + " ≥ " + fmtRatio(target), r, v, reach));
        if (reach == null) return cell + " " + verdictWord(v);
        double[] f = ratios(forks(scenario, floor), b);
        return cell + " " + verdictWord(v) + " (floor " + (reach.startsWith(UNREACHABLE) ? "itself " : "")
                + fmtRatio(Arrays.stream(f).average().orElseThrow()) + ")";
    }

    private static final String UNREACHABLE = "unreachable";

    /**
     * What the floor reaches against {@code den}: "unreachable: the floor itself 8.10×–9.00×" when its
     * highest per-fork ratio is below the target, else "the floor reaches 25×–31×" (one figure for
     * one fork); null when there is no floor or it was not measured.
     */
    private String reach(String scenario, String floor, String den, double target) {
        double[] f = floor == null ? null : forks(scenario, floor), b = forks(scenario, den);
        if (f == null || b == null) return null;
        double[] r = ratios(f, b);
        double lo = Arrays.stream(r).min().orElseThrow(), hi = Arrays.stream(r).max().orElseThrow();
        String spread = r.length == 1 ? fmtRatio(lo) : fmtRatio(lo) + "–" + fmtRatio(hi);
        return verdict(r, target) == Verdict.MISSED ? UNREACHABLE + ": the floor itself " + spread
                : "the floor reaches " + spread;
    }

    private static String verdictWord(Verdict v) {
        return switch (v) {
            case MET -> "met";
            case WITHIN_NOISE -> "within noise";
            case MISSED -> "MISSED";
        };
    }

    private String render(String note) {
        StringBuilder md = new StringBuilder();
        md.append("# asyncio4j benchmark results\n\n");
        md.append("Written by `benchmarks/run` (the report generator `dev.asyncio4j.benchmarks.Report`) on ")
          .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append(" from one run; ")
          .append("every figure comes from that run. Do not edit: run `benchmarks/run` again.\n\n");
        md.append("Scores are scenario operations per second: JMH throughput mode, the mean over forks of each fork's "
                + "mean; CPython: the mean of its timed runs (one `asyncio.run` each), a run counting as a fork. "
                + "A ratio reads **mean** lowest–highest per-fork ratio (fork i over fork i). A target is *met* when "
                + "the lowest per-fork ratio meets it, *within noise* when only the highest does, *MISSED* otherwise. "
                + "Scenario parameters: `benchmarks/README.md`. Machine load: Setup, below.\n\n");

        md.append("## Single thread: asyncio4j on its loop, kotlinx.coroutines on `runBlocking`, CPython asyncio\n\n");
        md.append("| scenario | asyncio4j Java | asyncio4j Kotlin | kotlinx | CPython | CPython + uvloop |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (String[] s : SCENARIOS) {
            String id = s[0];
            md.append("| ").append(id).append(' ').append(s[1]);
            for (String sys : new String[] {JAVA, KOTLIN, KOTLINX, CPYTHON, UVLOOP}) md.append(" | ").append(fmtOps(score(id, sys)));
            md.append(" |\n");
        }
        md.append("\n| scenario | Kotlin ÷ kotlinx (≥ 1.2) | Kotlin ÷ CPython (≥ 20) | Java ÷ CPython (≥ 20) "
                + "| Kotlin ÷ CPython + uvloop (≥ 10) | Java ÷ CPython + uvloop (≥ 10) | Java ÷ kotlinx |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (String[] s : SCENARIOS) {
            String id = s[0];
            md.append("| ").append(id).append(' ').append(s[1])
              .append(" | ").append(ratio(id, "Kotlin ÷ kotlinx", KOTLIN, KOTLINX, 1.2))
              .append(" | ").append(ratio(id, "Kotlin ÷ CPython", KOTLIN, CPYTHON, 20, KOTLIN_FLOOR))
              .append(" | ").append(ratio(id, "Java ÷ CPython", JAVA, CPYTHON, 20, JAVA_FLOOR))
              .append(" | ").append(ratio(id, "Kotlin ÷ CPython + uvloop", KOTLIN, UVLOOP, 10, KOTLIN_FLOOR))
              .append(" | ").append(ratio(id, "Java ÷ CPython + uvloop", JAVA, UVLOOP, 10, JAVA_FLOOR))
              .append(" | ").append(ratio(id, "Java ÷ kotlinx", JAVA, KOTLINX, Double.NaN)).append(" |\n");
        }

        md.append("\n## Floors: the same programs with the library taken out\n\n");
        md.append("The Java floor runs the Java scenario's code with each asyncio4j piece replaced by the least that "
                + "`CompletableFuture` needs: a bare `ArrayDeque<Runnable>` run loop, a fresh future per yield completed "
                + "on the next turn, each primitive (lock, semaphore, queue, event, barrier, condition) its state and an "
                + "`ArrayDeque` of waiting futures, woken on a later turn. The Kotlin floor runs the Kotlin scenario's code "
                + "on Kotlin's bare continuations (`createCoroutine`, `suspendCoroutineUninterceptedOrReturn`, `resume`; "
                + "no kotlinx.coroutines) and an `ArrayDeque` run loop, with the same state-and-queue primitives. Neither "
                + "has cancellation, exceptions or thread safety: they are the limit, not a competitor. A floor's own "
                + "ratio to CPython is the most any library on that path can reach: where it is below a target, the "
                + "target is unreachable (the main table says \"floor itself\" beside the miss).\n\n");
        md.append("| scenario | Java floor | asyncio4j Java ÷ Java floor | Java floor ÷ CPython | Java floor ÷ CPython + uvloop "
                + "| Kotlin floor | asyncio4j Kotlin ÷ Kotlin floor | Kotlin floor ÷ CPython | Kotlin floor ÷ CPython + uvloop |\n");
        md.append("|---|---:|---|---|---|---:|---|---|---|\n");
        for (String[] s : SCENARIOS) {
            String id = s[0];
            md.append("| ").append(id).append(' ').append(s[1])
              .append(" | ").append(fmtOps(score(id, JAVA_FLOOR)))
              .append(" | ").append(ratio(id, "Java ÷ its CompletableFuture floor", JAVA, JAVA_FLOOR, id.equals("S9") ? 0.9 : Double.NaN))
              .append(" | ").append(ratio(id, "", JAVA_FLOOR, CPYTHON, Double.NaN))
              .append(" | ").append(ratio(id, "", JAVA_FLOOR, UVLOOP, Double.NaN))
              .append(" | ").append(fmtOps(score(id, KOTLIN_FLOOR)))
              .append(" | ").append(ratio(id, "Kotlin ÷ its continuation floor", KOTLIN, KOTLIN_FLOOR, Double.NaN))
              .append(" | ").append(ratio(id, "", KOTLIN_FLOOR, CPYTHON, Double.NaN))
              .append(" | ").append(ratio(id, "", KOTLIN_FLOOR, UVLOOP, Double.NaN)).append(" |\n");
        }
        md.append("\nTarget: Java ≥ 0.9× its floor on S9.\n");

        md.append("\n## `Dispatchers.Default`\n\n");
        md.append("| scenario | asyncio4j Kotlin on Default | kotlinx on Default | asyncio4j ÷ kotlinx (≥ 1.0) |\n");
        md.append("|---|---:|---:|---|\n");
        for (String id : new String[] {"S1", "S2", "S4"}) {
            md.append("| ").append(id).append(' ').append(name(id))
              .append(" | ").append(fmtOps(score(id, KOTLIN_DEFAULT))).append(" | ").append(fmtOps(score(id, KOTLINX_DEFAULT)))
              .append(" | ").append(ratio(id, "Default: asyncio4j ÷ kotlinx", KOTLIN_DEFAULT, KOTLINX_DEFAULT, 1.0)).append(" |\n");
        }

        md.append("\n## java.util.concurrent: fair `ReentrantLock` / `Semaphore`, a thread per task\n\n");
        md.append("Virtual threads run on ").append(jdk(VIRTUAL_1)).append(" with 1 and 2 carriers "
                + "(`-Djdk.virtualThreadScheduler.parallelism`); platform threads (S2: 1,000, S4: 1,000 threads doing "
                + "100 tasks each) on ").append(jdk(JUC)).append(", one fork. asyncio4j Java runs on its one loop "
                + "thread.\n\n");
        md.append("| scenario | asyncio4j Java | virtual, 1 carrier | virtual, 2 carriers | platform threads "
                + "| Java ÷ virtual 1 carrier (≥ 1.0) | Java ÷ virtual 2 carriers (≥ 1.0) |\n");
        md.append("|---|---:|---:|---:|---:|---|---|\n");
        for (String id : new String[] {"S1", "S2", "S4"}) {
            double target = id.equals("S1") ? Double.NaN : 1.0; // the issue sets none for S1
            md.append("| ").append(id).append(' ').append(name(id));
            for (String sys : new String[] {JAVA, VIRTUAL_1, VIRTUAL_2, JUC}) {
                md.append(" | ").append(id.equals("S1") && sys.equals(JUC) ? "—" : fmtOps(score(id, sys)));
            }
            md.append(" | ").append(ratio(id, "Java ÷ j.u.c. virtual threads, 1 carrier", JAVA, VIRTUAL_1, target))
              .append(" | ").append(ratio(id, "Java ÷ j.u.c. virtual threads, 2 carriers", JAVA, VIRTUAL_2, target)).append(" |\n");
        }
        md.append("\nS1 has no target against threads (the issue sets none): shown for scale.\n");

        renderIo(md);
        renderAllocation(md);
        renderScaling(md);
        renderMemory(md);
        renderTargets(md);
        renderSetup(md, note);
        return md.toString();
    }

    /** Issue 14's speed targets: echo round trips and subprocess children per second. */
    private void renderIo(StringBuilder md) {
        md.append("\n## I/O: echo over 127.0.0.1 and subprocesses (issue 14)\n\n");
        md.append("Echo (`EchoBenchmark`, `cpython/echo.py`): N clients each make request/response round trips of 100 "
                + "bytes through one echo server, 20,000 round trips in all, all on one thread; round trips per second. "
                + "Its floor is the same exchange on a bare JDK NIO `Selector` (no streams, futures or tasks). "
                + "Subprocess (`SubprocessBenchmark`, `cpython/subprocess_spawn.py`): 200 `true` children started and "
                + "waited for, 10 at a time; children per second. Its floor is the JDK alone: 10 platform threads "
                + "running `ProcessBuilder.start()` and `waitFor()`. Both JMH benchmarks run one fork with their own "
                + "warm-up and measurement (their classes' annotations).\n\n");
        md.append("| scenario | asyncio4j Java | floor (NIO selector / JDK threads) | CPython | CPython + uvloop |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (String[] s : IO_SCENARIOS) {
            String id = s[0], floor = id.equals("SUBPROCESS") ? JDK_THREADS : NIO_FLOOR;
            md.append("| ").append(s[1]);
            for (String sys : new String[] {JAVA, floor, CPYTHON, UVLOOP}) md.append(" | ").append(fmtOps(score(id, sys)));
            md.append(" |\n");
        }
        md.append("\n| scenario | Java ÷ CPython | Java ÷ CPython + uvloop | Java ÷ floor |\n|---|---|---|---|\n");
        for (String[] s : IO_SCENARIOS) {
            String id = s[0];
            boolean echo = !id.equals("SUBPROCESS");
            md.append("| ").append(s[1])
              .append(" | ").append(ratio(id, "Java ÷ CPython", JAVA, CPYTHON, echo ? 5 : 1.0))
              .append(" | ").append(ratio(id, "Java ÷ CPython + uvloop", JAVA, UVLOOP, echo ? 1.0 : Double.NaN))
              .append(" | ").append(echo ? ratio(id, "Java ÷ its NIO selector floor", JAVA, NIO_FLOOR, 0.7)
                      : ratio(id, "Java ÷ its JDK threads floor", JAVA, JDK_THREADS, Double.NaN)).append(" |\n");
        }
        md.append("\nTargets: echo ≥ 5× CPython asyncio, ≥ 1.0× CPython + uvloop and ≥ 0.7× the NIO selector floor; "
                + "subprocess ≥ 1.0× CPython asyncio (against uvloop and the JDK threads: shown, not judged).\n");
    }

    /** Where time goes that a throughput cannot show: bytes allocated per operation, from JMH's gc profiler. */
    private void renderAllocation(StringBuilder md) {
        if (allocation.isEmpty()) return;
        md.append("\n## Allocation: bytes per scenario operation (JMH `-prof gc`, `gc.alloc.rate.norm`, mean over forks)\n\n");
        String[][] systems = {{JAVA, "asyncio4j Java"}, {JAVA_FLOOR, "Java floor"}, {KOTLIN, "asyncio4j Kotlin"},
            {KOTLIN_FLOOR, "Kotlin floor"}, {KOTLINX, "kotlinx"}};
        md.append("| scenario");
        for (String[] sys : systems) md.append(" | ").append(sys[1]);
        md.append(" |\n|---").append("|---:".repeat(systems.length)).append("|\n");
        for (String[] s : SCENARIOS) {
            Map<String, Double> a = allocation.getOrDefault(s[0], Map.of());
            md.append("| ").append(s[0]).append(' ').append(s[1]);
            for (String[] sys : systems) {
                Double b = a.get(sys[0]);
                md.append(" | ").append(b == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", b));
            }
            md.append(" |\n");
        }
    }

    private void renderScaling(StringBuilder md) {
        md.append("\n## Scaling\n\n");
        md.append("S2 (acquire; counter++; yield; release) with 1,000,000 critical sections in all, spread over "
                + "10, 1,000 and 100,000 tasks: nanoseconds per critical section (flat is the goal; one fork, the "
                + "1,000-task column is S2's).\n\n");
        md.append("| system | 10 tasks | 1,000 tasks | 100,000 tasks | largest ÷ smallest |\n|---|---:|---:|---:|---:|\n");
        for (String[] sys : new String[][] {{JAVA, "asyncio4j Java"}, {KOTLIN, "asyncio4j Kotlin"}, {KOTLINX, "kotlinx"}}) {
            md.append("| ").append(sys[1]);
            double lo = Double.MAX_VALUE, hi = 0;
            for (String tasks : new String[] {"10", "1000", "100000"}) {
                Double s = score(tasks.equals("1000") ? "S2" : "ScalingS2:" + tasks, sys[0]); // S2 is the 1,000-task run
                md.append(" | ").append(fmtNs(s));
                if (s != null) {
                    lo = Math.min(lo, 1e9 / s);
                    hi = Math.max(hi, 1e9 / s);
                }
            }
            md.append(" | ").append(hi > 0 ? fmtRatio(hi / lo) : "n/a").append(" |\n");
        }
        md.append("\nCancelling queued waiters: 100,000 waiters queued on one held lock, then cancelled last-first; "
                + "nanoseconds per waiter (queue + cancel).\n\n");
        md.append("| asyncio4j Java (`acquireAsync` futures) | asyncio4j Kotlin (coroutines) | kotlinx `Mutex` (coroutines) |\n");
        md.append("|---:|---:|---:|\n| ").append(fmtNs(score("ScalingCancel", JAVA))).append(" | ")
          .append(fmtNs(score("ScalingCancel", KOTLIN))).append(" | ").append(fmtNs(score("ScalingCancel", KOTLINX)))
          .append(" |\n");
    }

    private void renderMemory(StringBuilder md) {
        md.append("\n## Memory\n\n");
        if (memory.isEmpty()) {
            md.append("Not measured in this run.\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "Bytes retained per waiter, %,d waiters on one held lock (used heap after "
                + "forced GCs, MemoryMXBean, after minus before, divided by the waiters). A waiting coroutine "
                + "includes the coroutine itself; the last row is a coroutine suspended on nothing.%n%n", memoryWaiters));
        md.append("| waiter | bytes | target |\n|---|---:|---|\n");
        Double kotlin = memory.get("asyncio4jKotlinLock"), kotlinx = memory.get("kotlinxMutex"), java = memory.get("asyncio4jJavaAcquireAsync");
        memoryRow(md, "asyncio4j Kotlin: coroutine suspended in `Lock.acquire()` (loop dispatcher)", kotlin, "≤ kotlinx's", kotlinx);
        memoryRow(md, "kotlinx: coroutine suspended in `Mutex.lock()` (`runBlocking`)", kotlinx, null, null);
        memoryRow(md, "asyncio4j Java: pending `acquireAsync()` future", java, "≤ 100 B", 100.0);
        memoryRow(md, "baseline: coroutine suspended in `awaitCancellation()`", memory.get("suspendedCoroutine"), null, null);
    }

    /** A memory row; with a limit, a target (one measurement: met or missed, no spread). */
    private void memoryRow(StringBuilder md, String what, Double bytes, String target, Double limit) {
        md.append("| ").append(what).append(" | ").append(bytes == null ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes)).append(" | ");
        if (target != null && bytes != null && limit != null) {
            Verdict v = bytes <= limit ? Verdict.MET : Verdict.MISSED;
            targets.add(new Target("memory", what.replaceAll(":.*", "") + " waiter bytes " + target, new double[] {limit / bytes}, v, null));
            md.append(target).append(' ').append(verdictWord(v));
        }
        md.append(" |\n");
    }

    private void renderTargets(StringBuilder md) {
        md.append("\n## Targets (issues 14 and 16)\n\n");
        md.append(count(Verdict.MET)).append(" of ").append(targets.size()).append(" met at the lowest fork, ")
          .append(count(Verdict.WITHIN_NOISE)).append(" within noise, ").append(count(Verdict.MISSED)).append(" missed")
          .append(unmeasured > 0 ? "; " + unmeasured + " more not measured in this run (n/a)." : ".");
        List<Target> open = targets.stream().filter(t -> t.verdict != Verdict.MET).toList();
        long unreachable = open.stream().filter(t -> t.reach != null && t.reach.startsWith(UNREACHABLE)).count();
        if (unreachable > 0) {
            md.append(" Of those not met, ").append(unreachable).append(unreachable == 1
                    ? " is out of any library's reach on its path: the floor itself misses it."
                    : " are out of any library's reach on their path: the floor itself misses them.");
        }
        md.append(open.isEmpty() ? "\n" : " Not met:\n\n");
        for (Target t : open) {
            double lo = Arrays.stream(t.ratios).min().orElseThrow(), hi = Arrays.stream(t.ratios).max().orElseThrow();
            md.append("- ").append(t.scenario).append(t.scenario.equals("memory") ? "" : " " + name(t.scenario)).append(": ")
              .append(t.what).append(", ").append(verdictWord(t.verdict).toLowerCase(Locale.ROOT));
            if (t.ratios.length == 1 && !t.scenario.equals("memory")) md.append(", ratio ").append(fmtRatio(lo)).append(" (one fork)");
            if (t.ratios.length > 1) md.append(", per-fork ratio ").append(fmtRatio(lo)).append("–").append(fmtRatio(hi));
            if (t.reach != null) md.append("; ").append(t.reach);
            md.append('\n');
        }
        if (score("S1", CPYTHON) == null) md.append("\nCPython was not run (no `python3`): its columns are n/a.\n");
        if (score("S1", UVLOOP) == null) md.append("\nCPython + uvloop was not run (`import uvloop` failed): its columns are n/a.\n");
        if (score("S2", VIRTUAL_1) == null) md.append("\nVirtual threads were not run (no JDK 21+ found): their columns are n/a.\n");
    }

    private void renderSetup(StringBuilder md, String note) {
        md.append("\n## Setup\n\n");
        md.append("- machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores, ").append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
          .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append('\n');
        md.append("- load (1, 5, 15 min averages): before the run ").append(load.getOrDefault("before", "?"))
          .append(", after it ").append(load.getOrDefault("after", "?")).append("; nproc ").append(nproc == null ? "?" : nproc)
          .append(loaded() ? ". **The machine was busy (other work than this run): it moved these figures; they are "
                  + "not evidence.**" : "").append('\n');
        Map<String, Object> main = jmhRuns.getOrDefault(JAVA, jmhRuns.values().stream().findFirst().orElse(Map.of()));
        md.append("- JDK: ").append(jdk(main)).append(", JVM options ").append(main.getOrDefault("jvmArgs", "[]"))
          .append("; virtual threads: ").append(jdk(VIRTUAL_1)).append('\n');
        Properties v = versions();
        md.append("- versions: asyncio4j ").append(v.getProperty("asyncio4j")).append(", Kotlin ").append(v.getProperty("kotlin"))
          .append(" (stdlib ").append(v.getProperty("kotlin.stdlib")).append("), kotlinx.coroutines ")
          .append(v.getProperty("kotlinx.coroutines")).append(", JMH ").append(main.getOrDefault("jmhVersion", v.getProperty("jmh")))
          .append(", CPython ").append(python == null ? "not run" : python + " (`" + pythonExecutable + "`)")
          .append(", uvloop ").append(uvloop == null ? "not run" : uvloop).append('\n');
        md.append("- JMH: forks ").append(num(main.get("forks"))).append(", warm-up ")
          .append(num(main.get("warmupIterations"))).append(" × ").append(main.getOrDefault("warmupTime", "?"))
          .append(", measurement ").append(num(main.get("measurementIterations"))).append(" × ")
          .append(main.getOrDefault("measurementTime", "?")).append(", mode ").append(main.getOrDefault("mode", "?"))
          .append(" (scaling and platform threads: 1 fork); CPython runs per scenario and loop: ").append(runs(CPYTHON)).append('\n');
        if (!note.isBlank()) md.append("- run: ").append(note).append('\n');
    }

    /**
     * Whether other work shared the machine: a 1-minute load average at or above half the cores
     * before the run, or at or above the cores after it (the run itself keeps about one core busy).
     */
    private boolean loaded() {
        if (nproc == null) return false;
        int cores = Integer.parseInt(nproc);
        return oneMinute("before") >= cores / 2.0 || oneMinute("after") >= cores;
    }

    private double oneMinute(String when) {
        try {
            return Double.parseDouble(load.getOrDefault(when, "0").split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** How many CPython runs (or forks) a system had on S1. */
    private String runs(String system) {
        double[] f = forks("S1", system);
        return f == null ? "0" : String.valueOf(f.length);
    }

    /** "OpenJDK 64-Bit Server VM 25.0.3" for the JVM that ran a system's benchmarks, or "not run". */
    private String jdk(String system) {
        return jdk(jmhRuns.get(system));
    }

    private static String jdk(Map<String, Object> run) {
        if (run == null || run.isEmpty()) return "not run";
        return run.getOrDefault("vmName", "?") + " " + run.getOrDefault("jdkVersion", "?") + " (" + run.getOrDefault("vmVersion", "?") + ")";
    }

    static String name(String id) {
        for (String[][] table : new String[][][] {SCENARIOS, IO_SCENARIOS}) {
            for (String[] s : table) if (s[0].equals(id)) return s[1];
        }
        return "";
    }

    private static String num(Object o) {
        return o instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(o);
    }

    static String fmtOps(Double opsPerSecond) {
        return opsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", opsPerSecond);
    }

    private static String fmtNs(Double opsPerSecond) {
        return opsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%,.0f ns", 1e9 / opsPerSecond);
    }

    static String fmtRatio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.2f×", r);
    }

    static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = Report.class.getResourceAsStream("/asyncio4j-benchmarks-versions.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // the Setup section shows null for what it could not read
        }
        return p;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "CPU model unknown";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "RAM unknown";
    }
}
