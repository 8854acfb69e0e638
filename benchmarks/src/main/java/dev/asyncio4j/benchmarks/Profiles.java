package dev.asyncio4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The profile pass of {@code benchmarks/profile}: which asyncio4j benchmarks to profile (those whose
 * target RESULTS.md lists as not met, or those named), and benchmarks/PROFILES.md from that run's
 * output: per benchmark, async-profiler's CPU samples ({@code event=itimer}, collapsed stacks) and
 * allocation samples ({@code event=alloc}, bytes), JMH's score and {@code -prof gc} bytes per
 * operation, and the same figures for the floor under it. Nothing in PROFILES.md is typed by hand.
 *
 * <p>Usage: {@code Profiles plan <RESULTS.md> [regexps]} prints one line per benchmark to profile
 * ({@code key class method clients floor floorKey}, "-" for none); {@code Profiles report <profile directory>
 * <PROFILES.md> <RESULTS.md> <note> [regexps]} writes the report.
 */
public final class Profiles {
    private Profiles() {
    }

    /** The JMH class of each scenario id (as RESULTS.md and Report name them). */
    static final Map<String, String> CLASSES = new LinkedHashMap<>();

    static {
        String[] classes = {"S1LockUncontended", "S2LockContended", "S3SeedRace", "S4Semaphore", "S5Queue", "S6EventFanOut",
            "S7Barrier", "S8SpawnGather", "S9YieldPingPong", "S10ConditionBuffer"};
        for (int i = 0; i < classes.length; i++) CLASSES.put("S" + (i + 1), classes[i]);
        CLASSES.put("ECHO-1", "EchoBenchmark");
        CLASSES.put("ECHO-100", "EchoBenchmark");
        CLASSES.put("SUBPROCESS", "SubprocessBenchmark");
    }

    /** The scenarios that have a Kotlin-on-Default benchmark. */
    private static final Set<String> ON_DEFAULT = Set.of("S1", "S2", "S4");

    /** A benchmark to profile, the floor under it, and the targets RESULTS.md lists as not met for it. */
    record Profiled(String scenario, String cls, String method, String clients, String floor, List<String> targets) {
        /** The directory name of its output, and what the command line and PROFILES.md call it. */
        String key() {
            return cls + "." + method + (clients == null ? "" : "-clients" + clients);
        }

        String floorKey() {
            return floor == null ? null : cls + "." + floor + (clients == null ? "" : "-clients" + clients);
        }

        /** The line that {@code plan} prints for the script. */
        String planLine() {
            return key() + " " + cls + " " + method + " " + (clients == null ? "-" : clients) + " " + (floor == null ? "- -" : floor + " " + floorKey());
        }
    }

    /** "- S6 event fan-out: Java ÷ CPython ≥ 20×, missed, ...": a target not met, as Report lists it. */
    private static final Pattern NOT_MET = Pattern.compile("^- (S\\d+|ECHO-\\d+|SUBPROCESS) [^:]*: (.+)$");

    /**
     * The benchmarks to profile: with no regexps, each asyncio4j benchmark behind a target that
     * {@code results} lists as not met; with regexps, every asyncio4j benchmark whose key one of
     * them finds (e.g. {@code S6}, {@code S9.*Java}, {@code Echo.*clients100}).
     */
    static List<Profiled> plan(List<String> results, List<String> regexps) {
        Map<String, List<String>> targets = new LinkedHashMap<>(); // scenario + " " + method -> targets
        for (String line : results) {
            Matcher m = NOT_MET.matcher(line);
            if (!m.matches()) continue;
            String method = system(m.group(2));
            if (method != null) targets.computeIfAbsent(m.group(1) + " " + method, k -> new ArrayList<>()).add(m.group(2));
        }
        List<Profiled> plan = new ArrayList<>();
        for (String scenario : CLASSES.keySet()) {
            List<String> methods = new ArrayList<>(List.of("asyncio4jJava"));
            if (scenario.startsWith("S")) methods.add("asyncio4jKotlinLoop");
            if (ON_DEFAULT.contains(scenario)) methods.add("asyncio4jKotlinDefault");
            for (String method : methods) {
                List<String> t = targets.getOrDefault(scenario + " " + method, List.of());
                Profiled p = new Profiled(scenario, CLASSES.get(scenario), method,
                        scenario.startsWith("ECHO-") ? scenario.substring(5) : null, floor(scenario, method), t);
                boolean named = regexps.stream().anyMatch(r -> Pattern.compile(r).matcher(p.key()).find());
                if (regexps.isEmpty() ? !t.isEmpty() : named) plan.add(p);
            }
        }
        return plan;
    }

    /** The benchmark method a target is about: "Kotlin ÷ ..." is the loop's, "Default: ..." Dispatchers.Default's. */
    private static String system(String target) {
        if (target.startsWith("Kotlin ")) return "asyncio4jKotlinLoop";
        if (target.startsWith("Java ")) return "asyncio4jJava";
        if (target.startsWith("Default: ")) return "asyncio4jKotlinDefault";
        return null; // memory: not a throughput benchmark
    }

    private static String floor(String scenario, String method) {
        if (scenario.startsWith("ECHO-")) return "nioSelectorFloor";
        if (scenario.equals("SUBPROCESS")) return "jdkThreads";
        return method.equals("asyncio4jJava") ? "completableFutureFloor" : "continuationFloor";
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("plan")) {
            for (Profiled p : plan(Files.readAllLines(Path.of(args[1])), List.of(args).subList(2, args.length))) {
                System.out.println(p.planLine());
            }
        } else if (args.length >= 5 && args[0].equals("report")) {
            List<Profiled> plan = plan(Files.readAllLines(Path.of(args[3])), List.of(args).subList(5, args.length));
            String md = render(Path.of(args[1]), plan, args[4]);
            Files.writeString(Path.of(args[2]), md, StandardCharsets.UTF_8);
            System.out.println("wrote " + args[2] + ": " + plan.size() + " benchmarks");
        } else {
            System.err.println("usage: Profiles plan <RESULTS.md> [regexps] | Profiles report <dir> <PROFILES.md> <RESULTS.md> <note> [regexps]");
            System.exit(2);
        }
    }

    /** A collapsed stack: frames from the root to the leaf, and its samples (CPU) or bytes (allocation). */
    record Stack(List<String> frames, long value) {
        String leaf() {
            return frames.get(frames.size() - 1);
        }
    }

    /** async-profiler's collapsed output ({@code a;b;c 42} per line), frames made readable; empty when absent. */
    static List<Stack> readCollapsed(Path file) {
        if (file == null || !Files.exists(file)) return List.of();
        List<Stack> stacks = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space <= 0) continue;
                List<String> frames = new ArrayList<>();
                for (String f : line.substring(0, space).split(";")) frames.add(readable(f));
                stacks.add(new Stack(frames, Long.parseLong(line.substring(space + 1).trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stacks;
    }

    /**
     * A frame as a person reads it: dots for slashes, a lambda's generated class without its
     * number and address (they differ run to run), no JIT annotation.
     */
    static String readable(String frame) {
        return frame.replace('/', '.')
                .replaceAll("\\$\\$Lambda[$.]?\\d*\\.0x[0-9a-f]+", "\\$\\$Lambda")
                .replaceAll("^0x[0-9a-f]+\\.", "<lambda>.")
                .replaceAll("_\\[[j0-9]\\]$", "");
    }

    /** Where a frame's code comes from. */
    static String kind(String frame) {
        if (frame.startsWith("dev.asyncio4j.benchmarks.") || frame.startsWith("org.openjdk.jmh.") || frame.startsWith("<lambda>")) {
            return SCENARIO;
        }
        if (frame.startsWith("dev.asyncio4j.")) return LIBRARY;
        if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) return "JDK";
        if (frame.startsWith("kotlin.") || frame.startsWith("kotlinx.")) return "Kotlin";
        return "JVM and kernel";
    }

    private static final String LIBRARY = "asyncio4j", SCENARIO = "scenario code", GC = "GC threads", JIT = "JIT compiler threads",
            OTHER = "other JVM threads";

    static boolean library(String frame) {
        return kind(frame).equals(LIBRARY);
    }

    /**
     * Which thread a stack comes from, by its frames: the benchmark's (JMH's worker, or the
     * Dispatchers.Default workers it runs on), the garbage collector's, the JIT compiler's, or
     * another of the JVM's; null for the benchmark's.
     */
    static String thread(Stack s) {
        boolean java = false;
        for (String f : s.frames()) {
            if (f.contains("CompileBroker")) return JIT;
            if (f.startsWith("G1") || f.contains("GCThread") || f.contains("GangWorker") || f.contains("WorkerThread::run")) return GC;
            java |= f.startsWith("java.lang.Thread.run") || f.contains("jmh_generated") || f.contains("CoroutineScheduler$Worker.run");
        }
        return java ? null : OTHER;
    }

    /**
     * The asyncio4j frames that run on the scenario's behalf: those inside the innermost frame of
     * scenario code (a stack always passes through the benchmark method and Asyncio.run, and the
     * loop calls the scenario's callbacks: the frames outside them are not what the scenario waits
     * for), or every asyncio4j frame when the loop runs without scenario code on the stack.
     */
    static Set<String> attributed(Stack s) {
        List<String> f = s.frames();
        Set<String> lib = new LinkedHashSet<>();
        for (int i = innermostScenarioFrame(s) + 1; i < f.size(); i++) if (library(f.get(i))) lib.add(f.get(i));
        return lib;
    }

    /** The index of the innermost frame of the scenario's (or JMH's generated) code, -1 when none. */
    private static int innermostScenarioFrame(Stack s) {
        List<String> f = s.frames();
        int cut = -1;
        for (int i = 0; i < f.size(); i++) if (kind(f.get(i)).equals(SCENARIO) && f.get(i).startsWith("dev.")) cut = i;
        return cut;
    }

    /**
     * Whether the scenario's code called the asyncio4j frames of this stack (an await, a release),
     * rather than the loop running between callbacks: an asyncio4j frame (the loop) outside the
     * innermost scenario frame means the loop called the scenario, which called asyncio4j again.
     */
    static boolean calledByScenario(Stack s) {
        int cut = innermostScenarioFrame(s);
        return s.frames().subList(0, Math.max(cut, 0)).stream().anyMatch(Profiles::library) && !attributed(s).isEmpty();
    }

    /** A share of a total, as "12.3%". */
    private static String pct(long part, long total) {
        return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / total);
    }

    private static long total(List<Stack> stacks) {
        return stacks.stream().mapToLong(Stack::value).sum();
    }

    /** Sums per key, largest first, the first {@code n}. */
    private static List<Map.Entry<String, Long>> top(Map<String, Long> sums, int n) {
        return sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
    }

    /** Self time per leaf frame. */
    static Map<String, Long> self(List<Stack> stacks) {
        Map<String, Long> self = new HashMap<>();
        for (Stack s : stacks) self.merge(s.leaf(), s.value(), Long::sum);
        return self;
    }

    /** Total time per asyncio4j method on the scenario's behalf ({@link #attributed}), once per stack. */
    static Map<String, Long> libraryTotals(List<Stack> stacks) {
        Map<String, Long> totals = new HashMap<>();
        for (Stack s : stacks) for (String f : attributed(s)) totals.merge(f, s.value(), Long::sum);
        return totals;
    }

    /** The samples in asyncio4j code on the scenario's behalf, and in what it calls. */
    static long inLibrary(List<Stack> stacks) {
        return stacks.stream().filter(s -> !attributed(s).isEmpty()).mapToLong(Stack::value).sum();
    }

    /** Self time by kind of code in the benchmark's threads ({@link #kind}), then the other threads, in a fixed order. */
    static Map<String, Long> byKind(List<Stack> stacks) {
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String k : new String[] {LIBRARY, SCENARIO, "JDK", "Kotlin", "JVM and kernel", GC, JIT, OTHER}) kinds.put(k, 0L);
        for (Stack s : stacks) {
            String thread = thread(s);
            kinds.merge(thread == null ? kind(s.leaf()) : thread, s.value(), Long::sum);
        }
        return kinds;
    }

    /** Allocated bytes per site: the allocated type and the method that allocates it. */
    static Map<String, Long> allocationSites(List<Stack> stacks) {
        Map<String, Long> sites = new HashMap<>();
        for (Stack s : stacks) {
            List<String> f = s.frames();
            String type = f.get(f.size() - 1).replaceAll("_\\[[ik]\\]$", "");
            String by = f.size() > 1 ? f.get(f.size() - 2) : "?";
            sites.merge("`" + type + "` in `" + by + "`", s.value(), Long::sum);
        }
        return sites;
    }

    /** The one file of that name under {@code dir} (async-profiler names its directory after the benchmark). */
    private static Path find(Path dir, String name) {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One benchmark's figures: JMH's score and bytes per operation, its CPU and allocation samples. */
    record Figures(Double opsPerSecond, Double bytesPerOp, List<Stack> cpu, List<Stack> alloc) {
        static Figures read(Path dir, String scenario, String method) {
            Report jmh = new Report();
            Path json = dir.resolve("cpu.json");
            try {
                if (Files.exists(json)) jmh.readJmh(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Figures(jmh.score(scenario, method), jmh.allocation(scenario, method),
                    readCollapsed(find(dir.resolve("cpu"), "collapsed-itimer.csv")),
                    readCollapsed(find(dir.resolve("alloc"), "collapsed-alloc.csv")));
        }
    }

    private static final int TOP_FRAMES = 12, TOP_LIBRARY = 12, TOP_SITES = 10, TOP_FLOOR = 6;

    static String render(Path dir, List<Profiled> plan, String note) {
        StringBuilder md = new StringBuilder();
        md.append("# asyncio4j profiles of the targets not met\n\n");
        md.append("Written by `benchmarks/profile` (the report generator `dev.asyncio4j.benchmarks.Profiles`) on ")
          .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
          .append(" from one run; every figure comes from that run. Do not edit: run `benchmarks/profile` again.\n\n");
        md.append("How to read it. Each asyncio4j benchmark behind a target that `RESULTS.md` lists as not met ran "
                + "in one short JMH fork under async-profiler twice: CPU samples (`event=itimer`: every thread of the "
                + "JVM, the benchmark's and the GC's and JIT compiler's alike) with JMH's `-prof gc`, then allocation "
                + "samples (`event=alloc`, weighed in bytes). *Self* is the share of CPU samples whose innermost "
                + "frame is that method (inlined methods count as themselves), by kind of code in the benchmark's "
                + "threads (asyncio4j, the scenario's code, JDK, Kotlin, JVM and kernel) and by the JVM's other threads "
                + "(GC, JIT compiler); *in asyncio4j* is the share with an asyncio4j method inside the innermost "
                + "frame of scenario code (what the scenario waits for in the library, and all it calls; the "
                + "loop's frames around the scenario's callbacks do not count), and *total* that share for one "
                + "asyncio4j method. *Called by the scenario* is the part of it under an await or a release in the "
                + "scenario's code, the rest being the loop's own work between callbacks (scheduling, task steps): "
                + "the summary's top methods are those the scenario calls. An allocation site is the type allocated and the method that allocates "
                + "it, with its share of the sampled bytes. The floor under each benchmark (the same program with "
                + "the library taken out, see `benchmarks/README.md`) ran the CPU pass too: its figures stand "
                + "beside. The scores come from short runs under a profiler: they show proportions, not speed "
                + "(`RESULTS.md` has the speeds).\n\n");
        md.append("## Summary\n\n");
        md.append("| benchmark | ops/s | floor ops/s | ÷ floor | B/op | floor B/op | in asyncio4j | of which called by the "
                + "scenario | asyncio4j self | GC threads | JIT threads | top asyncio4j methods the scenario calls (total) |\n");
        md.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (Profiled p : plan) {
            Figures f = Figures.read(dir.resolve(p.key()), p.scenario(), p.method());
            Figures floor = p.floor() == null ? null : Figures.read(dir.resolve(p.floorKey()), p.scenario(), p.floor());
            figures.put(p.key(), f);
            figures.put(p.floorKey(), floor);
            long total = total(f.cpu());
            Map<String, Long> kinds = byKind(f.cpu());
            StringBuilder lib = new StringBuilder();
            List<Stack> called = f.cpu().stream().filter(Profiles::calledByScenario).toList();
            for (Map.Entry<String, Long> e : top(libraryTotals(called), 3)) {
                lib.append(lib.isEmpty() ? "" : ", ").append('`').append(e.getKey().replace("dev.asyncio4j.", ""))
                   .append("` ").append(pct(e.getValue(), total));
            }
            md.append("| `").append(p.key()).append("` | ").append(Report.fmtOps(f.opsPerSecond()))
              .append(" | ").append(Report.fmtOps(floor == null ? null : floor.opsPerSecond()))
              .append(" | ").append(f.opsPerSecond() == null || floor == null || floor.opsPerSecond() == null ? "n/a"
                      : Report.fmtRatio(f.opsPerSecond() / floor.opsPerSecond()))
              .append(" | ").append(bytes(f.bytesPerOp())).append(" | ").append(bytes(floor == null ? null : floor.bytesPerOp()))
              .append(" | ").append(pct(inLibrary(f.cpu()), total)).append(" | ").append(pct(total(called), total))
              .append(" | ").append(pct(kinds.get(LIBRARY), total))
              .append(" | ").append(pct(kinds.get(GC), total)).append(" | ").append(pct(kinds.get(JIT), total))
              .append(" | ").append(lib.isEmpty() ? "n/a" : lib)
              .append(" |\n");
        }
        for (Profiled p : plan) renderOne(md, p, figures.get(p.key()), figures.get(p.floorKey()));
        md.append("\n## Setup\n\n- run: ").append(note).append('\n');
        md.append("- async-profiler ").append(Report.versions().getProperty("async-profiler"))
          .append(" (Maven Central `tools.profiler:async-profiler`), CPU pass `event=itimer,interval=1ms` with JMH "
                  + "`-prof gc`, allocation pass `event=alloc` (bytes)\n");
        return md.toString();
    }

    private static String bytes(Double b) {
        return b == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", b);
    }

    private static void renderOne(StringBuilder md, Profiled p, Figures f, Figures floor) {
        md.append("\n## ").append(p.scenario()).append(' ').append(Report.name(p.scenario())).append(": `")
          .append(p.key()).append("`\n\n");
        if (p.targets().isEmpty()) md.append("Named on the command line (no target listed as not met in RESULTS.md).\n\n");
        for (String t : p.targets()) md.append("- ").append(t).append('\n');
        if (!p.targets().isEmpty()) md.append('\n');
        long total = total(f.cpu());
        if (total == 0) {
            md.append("No CPU samples (the benchmark did not run, or the profiler did not load).\n");
            return;
        }
        md.append(total).append(" CPU samples; self time by kind of code in the benchmark's threads, then by other thread:");
        byKind(f.cpu()).forEach((k, v) -> md.append(' ').append(k).append(' ').append(pct(v, total)).append(','));
        md.setLength(md.length() - 1);
        md.append(". In asyncio4j on the scenario's behalf: ").append(pct(inLibrary(f.cpu()), total)).append(", of which called by the "
                + "scenario's code ").append(pct(total(f.cpu().stream().filter(Profiles::calledByScenario).toList()), total))
          .append(" and the loop's own work between callbacks the rest.\n\n");
        Map<String, Long> libTotals = libraryTotals(f.cpu());
        md.append("| top frames | self |\n|---|---:|\n");
        for (Map.Entry<String, Long> e : top(self(f.cpu()), TOP_FRAMES)) {
            md.append("| `").append(e.getKey()).append("` | ").append(pct(e.getValue(), total)).append(" |\n");
        }
        Map<String, Long> self = self(f.cpu());
        md.append("\n| asyncio4j methods | total | self |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> e : top(libTotals, TOP_LIBRARY)) {
            md.append("| `").append(e.getKey()).append("` | ").append(pct(e.getValue(), total)).append(" | ")
              .append(pct(self.getOrDefault(e.getKey(), 0L), total)).append(" |\n");
        }
        long allocated = total(f.alloc());
        md.append("\n| allocation sites (").append(bytes(f.bytesPerOp())).append(" B/op) | bytes |\n|---|---:|\n");
        for (Map.Entry<String, Long> e : top(allocationSites(f.alloc()), TOP_SITES)) {
            md.append("| ").append(e.getKey()).append(" | ").append(pct(e.getValue(), allocated)).append(" |\n");
        }
        if (floor == null || total(floor.cpu()) == 0) {
            md.append("\nFloor: not run.\n");
            return;
        }
        long floorTotal = total(floor.cpu());
        md.append("\nFloor `").append(p.floor()).append("`: ").append(Report.fmtOps(floor.opsPerSecond())).append(" ops/s, ")
          .append(bytes(floor.bytesPerOp())).append(" B/op; self time by kind:");
        byKind(floor.cpu()).forEach((k, v) -> md.append(' ').append(k).append(' ').append(pct(v, floorTotal)).append(','));
        md.setLength(md.length() - 1);
        md.append("; top frames:");
        for (Map.Entry<String, Long> e : top(self(floor.cpu()), TOP_FLOOR)) {
            md.append(" `").append(e.getKey()).append("` ").append(pct(e.getValue(), floorTotal)).append(',');
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
    }
}
