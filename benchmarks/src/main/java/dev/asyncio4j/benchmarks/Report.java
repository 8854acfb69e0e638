package dev.asyncio4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes benchmarks/RESULTS.md from one run: JMH's JSON ({@code -rf json}), the CPython scripts'
 * {@code CPYTHON ...} lines and MemoryFootprint's {@code MEMORY ...} lines. Nothing in RESULTS.md
 * is typed by hand: run {@code benchmarks/run} again to refresh it.
 *
 * <p>Usage: {@code Report <jmh.json> <cpython.txt> <memory.txt> <RESULTS.md> [note]}; a missing
 * CPython or memory file leaves those columns empty ("n/a") and says so.
 */
public final class Report {
    private Report() {
    }

    // Systems, as the JMH method names spell them.
    static final String JAVA = "asyncio4jJava", KOTLIN = "asyncio4jKotlinLoop", KOTLIN_DEFAULT = "asyncio4jKotlinDefault",
            KOTLINX = "kotlinxSingle", KOTLINX_DEFAULT = "kotlinxDefault", JUC = "juc", CPYTHON = "cpython",
            CF_FLOOR = "completableFutureFloor";

    static final String[][] SCENARIOS = {
        {"S1", "lock uncontended"}, {"S2", "lock contended"}, {"S3", "seed race"}, {"S4", "semaphore"},
        {"S5", "queue"}, {"S6", "event fan-out"}, {"S7", "barrier"}, {"S8", "spawn + gather"},
        {"S9", "yield ping-pong"}, {"S10", "condition buffer"},
    };

    /** scenario -> system -> ops/s; "ScalingS2:10" style keys for parameterised runs. */
    private final Map<String, Map<String, Double>> scores = new TreeMap<>();
    private final Map<String, Double> memory = new LinkedHashMap<>();
    private final List<String[]> targets = new ArrayList<>(); // scenario, target, ratio, met
    private Map<String, Object> jmhRun = Map.of();
    private String python;
    private int memoryWaiters;

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: Report <jmh.json> <cpython.txt> <memory.txt> <RESULTS.md> [note]");
            System.exit(2);
        }
        Report report = new Report();
        report.readJmh(Path.of(args[0]));
        report.readLines(Path.of(args[1]));
        report.readLines(Path.of(args[2]));
        String md = report.render(args.length > 4 ? args[4] : "");
        Files.writeString(Path.of(args[3]), md, StandardCharsets.UTF_8);
        System.out.println("wrote " + args[3] + ": " + report.metCount() + " of " + report.targets.size() + " targets met");
    }

    @SuppressWarnings("unchecked")
    private void readJmh(Path file) throws IOException {
        List<Object> runs = (List<Object>) Json.parse(Files.readString(file));
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            if (jmhRun.isEmpty()) jmhRun = run;
            String name = (String) run.get("benchmark");
            String[] parts = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1).split("\\.");
            String cls = parts[0], system = parts[1];
            String scenario = cls.startsWith("Scaling") ? cls : cls.replaceAll("^(S\\d+).*", "$1");
            Map<String, Object> params = (Map<String, Object>) run.get("params");
            if (params != null && params.containsKey("tasks")) scenario += ":" + params.get("tasks");
            Object score = ((Map<String, Object>) run.get("primaryMetric")).get("score");
            if (score instanceof Double d) scores.computeIfAbsent(scenario, k -> new TreeMap<>()).put(system, d);
        }
    }

    private void readLines(Path file) throws IOException {
        if (!Files.exists(file)) return;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) continue;
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 2; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq > 0) kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            if (f[0].equals("CPYTHON") && kv.containsKey("ops_per_s")) {
                scores.computeIfAbsent(f[1], k -> new TreeMap<>()).put(CPYTHON, Double.valueOf(kv.get("ops_per_s")));
                python = kv.get("python");
            } else if (f[0].equals("MEMORY") && kv.containsKey("bytes_per_waiter")) {
                memory.put(f[1], Double.valueOf(kv.get("bytes_per_waiter")));
                memoryWaiters = Integer.parseInt(kv.get("waiters"));
            }
        }
    }

    private Double score(String scenario, String system) {
        Map<String, Double> s = scores.get(scenario);
        return s == null ? null : s.get(system);
    }

    private long metCount() {
        return targets.stream().filter(t -> t[3].equals("met")).count();
    }

    /** "1.23x met" / "0.45x missed" for a ratio against a target, recorded for the summary. */
    private String ratio(String scenario, String what, Double num, Double den, double target) {
        if (num == null || den == null) return "n/a";
        double r = num / den;
        boolean met = r >= target;
        targets.add(new String[] {scenario, what + " >= " + fmtRatio(target), fmtRatio(r), met ? "met" : "missed"});
        return "**" + fmtRatio(r) + "** " + (met ? "met" : "MISSED");
    }

    private String render(String note) {
        StringBuilder md = new StringBuilder();
        md.append("# asyncio4j benchmark results\n\n");
        md.append("Written by `benchmarks/run` (the report generator `dev.asyncio4j.benchmarks.Report`) on ")
          .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append(" from one run; ")
          .append("every figure comes from that run. Do not edit: run `benchmarks/run` again.\n\n");
        md.append("Scores are scenario operations per second (JMH throughput mode, mean of the measured iterations; ")
          .append("CPython: one timed `asyncio.run`). Scenario parameters: `benchmarks/README.md`.\n\n");

        md.append("## Single thread: asyncio4j on its loop, kotlinx.coroutines on `runBlocking`, CPython asyncio\n\n");
        md.append("| scenario | asyncio4j Java | asyncio4j Kotlin | kotlinx | CPython | Kotlin ÷ kotlinx (≥ 1.0) "
                + "| Java ÷ kotlinx (≥ 0.7) | Kotlin ÷ CPython (≥ 20) | Java ÷ CPython (≥ 20) |\n");
        md.append("|---|---:|---:|---:|---:|---|---|---|---|\n");
        for (String[] s : SCENARIOS) {
            String id = s[0];
            Double java = score(id, JAVA), kotlin = score(id, KOTLIN), kx = score(id, KOTLINX), py = score(id, CPYTHON);
            md.append("| ").append(id).append(' ').append(s[1])
              .append(" | ").append(fmtOps(java)).append(" | ").append(fmtOps(kotlin))
              .append(" | ").append(fmtOps(kx)).append(" | ").append(fmtOps(py))
              .append(" | ").append(ratio(id, "Kotlin ÷ kotlinx", kotlin, kx, 1.0))
              .append(" | ").append(ratio(id, "Java ÷ kotlinx", java, kx, 0.7))
              .append(" | ").append(ratio(id, "Kotlin ÷ CPython", kotlin, py, 20))
              .append(" | ").append(ratio(id, "Java ÷ CPython", java, py, 20)).append(" |\n");
        }

        Double floor = score("S9", CF_FLOOR), java9 = score("S9", JAVA), kx9 = score("S9", KOTLINX);
        if (floor != null) {
            md.append("\nS9's floor for any CompletableFuture API: the same two Java loops, each step a fresh ")
              .append("`CompletableFuture` with a `whenComplete` stage, completed from a bare `ArrayDeque` run loop ")
              .append("(no asyncio4j): ").append(fmtOps(floor)).append(" ops/s, that is ")
              .append(kx9 == null ? "n/a" : fmtRatio(floor / kx9)).append(" kotlinx; asyncio4j Java reaches ")
              .append(java9 == null ? "n/a" : fmtRatio(java9 / floor)).append(" of it.\n");
        }

        md.append("\n## `Dispatchers.Default` (and java.util.concurrent on platform threads)\n\n");
        md.append("| scenario | asyncio4j Kotlin on Default | kotlinx on Default | asyncio4j ÷ kotlinx (≥ 1.0) "
                + "| j.u.c. fair lock / semaphore, platform threads |\n");
        md.append("|---|---:|---:|---|---:|\n");
        for (String id : new String[] {"S1", "S2", "S4"}) {
            Double a = score(id, KOTLIN_DEFAULT), k = score(id, KOTLINX_DEFAULT);
            md.append("| ").append(id).append(' ').append(name(id)).append(" | ").append(fmtOps(a)).append(" | ")
              .append(fmtOps(k)).append(" | ").append(ratio(id, "Default: asyncio4j ÷ kotlinx", a, k, 1.0))
              .append(" | ").append(id.equals("S1") ? "—" : fmtOps(score(id, JUC))).append(" |\n");
        }

        md.append("\n## Scaling\n\n");
        md.append("S2 (acquire; counter++; yield; release) with 1,000,000 critical sections in all, spread over "
                + "10, 1,000 and 100,000 tasks: nanoseconds per critical section (flat is the goal).\n\n");
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

        md.append("\n## Memory\n\n");
        if (memory.isEmpty()) {
            md.append("Not measured in this run.\n");
        } else {
            md.append(String.format(Locale.ROOT, "Bytes retained per waiter, %,d waiters on one held lock (used heap after "
                    + "forced GCs, MemoryMXBean, after minus before, divided by the waiters). A waiting coroutine "
                    + "includes the coroutine itself; the last row is a coroutine suspended on nothing.%n%n", memoryWaiters));
            md.append("| waiter | bytes |\n|---|---:|\n");
            String[][] rows = {
                {"asyncio4jKotlinLock", "asyncio4j Kotlin: coroutine suspended in `Lock.acquire()` (loop dispatcher)"},
                {"kotlinxMutex", "kotlinx: coroutine suspended in `Mutex.lock()` (`runBlocking`)"},
                {"asyncio4jJavaAcquireAsync", "asyncio4j Java: pending `acquireAsync()` future"},
                {"suspendedCoroutine", "baseline: coroutine suspended in `awaitCancellation()`"},
            };
            for (String[] r : rows) {
                Double b = memory.get(r[0]);
                md.append("| ").append(r[1]).append(" | ").append(b == null ? "n/a" : String.format(Locale.ROOT, "%.0f", b)).append(" |\n");
            }
        }

        md.append("\n## Targets\n\n").append(metCount()).append(" of ").append(targets.size()).append(" met.");
        List<String[]> missed = targets.stream().filter(t -> t[3].equals("missed")).toList();
        if (!missed.isEmpty()) {
            md.append(" Missed:\n\n");
            for (String[] t : missed) md.append("- ").append(t[0]).append(' ').append(name(t[0])).append(": ")
                    .append(t[1]).append(", measured ").append(t[2]).append('\n');
        } else {
            md.append('\n');
        }
        if (score("S1", CPYTHON) == null) md.append("\nCPython was not run (no `python3`): its columns are n/a.\n");

        md.append("\n## Setup\n\n");
        md.append("- machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores, ").append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
          .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append('\n');
        md.append("- JDK: ").append(jmhRun.getOrDefault("vmName", "?")).append(' ').append(jmhRun.getOrDefault("jdkVersion", "?"))
          .append(" (").append(jmhRun.getOrDefault("vmVersion", "?")).append("), JVM options ")
          .append(jmhRun.getOrDefault("jvmArgs", "[]")).append('\n');
        Properties v = versions();
        md.append("- versions: asyncio4j ").append(v.getProperty("asyncio4j")).append(", Kotlin ").append(v.getProperty("kotlin"))
          .append(" (stdlib ").append(v.getProperty("kotlin.stdlib")).append("), kotlinx.coroutines ")
          .append(v.getProperty("kotlinx.coroutines")).append(", JMH ").append(jmhRun.getOrDefault("jmhVersion", v.getProperty("jmh")))
          .append(", CPython ").append(python == null ? "not run" : python).append('\n');
        md.append("- JMH: ").append(num(jmhRun.get("forks"))).append(" fork, warm-up ")
          .append(num(jmhRun.get("warmupIterations"))).append(" × ").append(jmhRun.getOrDefault("warmupTime", "?"))
          .append(", measurement ").append(num(jmhRun.get("measurementIterations"))).append(" × ")
          .append(jmhRun.getOrDefault("measurementTime", "?")).append(", mode ").append(jmhRun.getOrDefault("mode", "?")).append('\n');
        if (!note.isBlank()) md.append("- run: ").append(note).append('\n');
        return md.toString();
    }

    private static String name(String id) {
        for (String[] s : SCENARIOS) if (s[0].equals(id)) return s[1];
        return "";
    }

    private static String num(Object o) {
        return o instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(o);
    }

    private static String fmtOps(Double opsPerSecond) {
        return opsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", opsPerSecond);
    }

    private static String fmtNs(Double opsPerSecond) {
        return opsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%,.0f ns", 1e9 / opsPerSecond);
    }

    private static String fmtRatio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.2f×", r);
    }

    private static Properties versions() {
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
