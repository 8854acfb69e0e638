package dev.asyncio4j.benchmarks;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.EventLoop;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.Stdio;
import dev.asyncio4j.Subprocess;
import dev.asyncio4j.SubprocessOptions;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Subprocess spawn: 200 {@code true} children started and waited for, at most 10 at a time (a
 * Semaphore(10)), every stream DEVNULL; the check is that all 200 exited with 0. Ops: children.
 * Side by side with benchmarks/cpython/subprocess_spawn.py (asyncio's create_subprocess_exec
 * under a Semaphore(10)), and with the JDK alone as the floor: 10 platform threads, each running
 * ProcessBuilder.start() and waitFor() in turn.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SubprocessBenchmark.CHILDREN)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SubprocessBenchmark {
    /** Children per invocation, and how many run at once. */
    public static final int CHILDREN = 200, AT_ONCE = 10;
    private static final List<String> TRUE = List.of("true");
    private static final SubprocessOptions QUIET =
            SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL);

    @Benchmark
    public long asyncio4jJava() {
        int exits = Asyncio.run(new EventLoop(), () -> {
            Semaphore limit = new Semaphore(AT_ONCE);
            List<CompletionStage<Integer>> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                children.add(Asyncio.createTask(() -> limit.withPermitAsync(
                        () -> Asyncio.createSubprocessExec(TRUE, QUIET).thenCompose(Subprocess::waitAsync))));
            }
            return Asyncio.gather(children).thenApply(codes -> (int) codes.stream().filter(c -> c == 0).count());
        });
        return check(exits);
    }

    @Benchmark
    public long jdkThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<Integer>> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) children.add(pool.submit(SubprocessBenchmark::runTrue));
            int exits = 0;
            for (Future<Integer> child : children) if (child.get() == 0) exits++;
            return check(exits);
        } finally {
            pool.shutdown();
        }
    }

    private static int runTrue() throws IOException, InterruptedException {
        return new ProcessBuilder(TRUE).redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start().waitFor();
    }

    private static long check(int exits) {
        if (exits != CHILDREN) throw new IllegalStateException("SUBPROCESS: " + exits + " of " + CHILDREN + " children exited with 0");
        return exits;
    }
}
