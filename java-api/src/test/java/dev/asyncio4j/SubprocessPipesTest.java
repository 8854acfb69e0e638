package dev.asyncio4j;

import static dev.asyncio4j.SubprocessTest.onLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "I/O on the loop" Subprocess pipes: communicate, the pumps' order and flow control, broken pipes,
 * after CPython's test_asyncio/test_subprocess.py. Real loops on their own threads, every wait
 * bounded.
 */
class SubprocessPipesTest {

    static final SubprocessOptions PIPES = SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.PIPE);
    static final int MB = 1 << 20;

    static CompletableFuture<Subprocess> exec(SubprocessOptions options, String... argv) {
        return Asyncio.createSubprocessExec(List.of(argv), options);
    }

    static CompletableFuture<Subprocess> shell(SubprocessOptions options, String command) {
        return Asyncio.createSubprocessShell(command, options);
    }

    static byte[] bytes(int n, int seed) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte) ('a' + (i * 7 + seed) % 26);
        return data;
    }

    /** Reads the whole of {@code reader} in pieces of {@code piece} bytes, pausing {@code pause} between them. */
    static CompletableFuture<byte[]> readSlowly(StreamReader reader, int piece, Duration pause, ByteArrayOutputStream into) {
        return reader.readAsync(piece).thenCompose(chunk -> {
            if (chunk.length == 0) return CompletableFuture.completedFuture(into.toByteArray());
            into.write(chunk, 0, chunk.length);
            return Asyncio.sleep(pause).thenCompose(v -> readSlowly(reader, piece, pause, into));
        });
    }

    /** Polls {@code condition} once per millisecond of the loop, for at most 10 s. */
    static CompletableFuture<Void> until(Supplier<Boolean> condition) {
        return until(condition, 10_000);
    }

    private static CompletableFuture<Void> until(Supplier<Boolean> condition, int triesLeft) {
        if (condition.get()) return CompletableFuture.completedFuture(null);
        if (triesLeft == 0) return CompletableFuture.failedFuture(new TimeoutException("condition never held"));
        return Asyncio.sleep(Duration.ofMillis(1)).thenCompose(v -> until(condition, triesLeft - 1));
    }

    // ---------------------------------------------------------------------------------------------
    // communicate

    @Test
    void communicateWithCatReturnsTheInputAndReturncode0() throws Exception {
        byte[] input = "some data\nand more\n".getBytes(StandardCharsets.UTF_8);
        List<Object> seen = onLoop(() -> exec(PIPES, "cat").thenCompose(p -> p.communicateAsync(input)
                .thenApply(c -> List.of(new String(c.stdout(), StandardCharsets.UTF_8), c.stderr().length, p.returncode()))));
        assertEquals(List.of(new String(input, StandardCharsets.UTF_8), 0, 0), seen);
    }

    @Test
    void communicateWithEmptyInputClosesStdinAtOnce() throws Exception {
        List<Object> seen = onLoop(() -> exec(PIPES, "cat").thenCompose(p -> p.communicateAsync(new byte[0])
                .thenApply(c -> List.of(c.stdout().length, p.returncode()))));
        assertEquals(List.of(0, 0), seen);
    }

    @Test
    void communicateWithNullInputClosesStdinToo() throws Exception {
        List<Object> seen = onLoop(() -> exec(PIPES, "cat").thenCompose(p -> p.communicateAsync(null)
                .thenApply(c -> List.of(c.stdout().length, p.returncode()))));
        assertEquals(List.of(0, 0), seen);
    }

    @Test
    void streamsThatAreNotPipesAreNull() throws Exception {
        SubprocessOptions devnull = SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL);
        List<Object> seen = onLoop(() -> exec(devnull, "cat").thenCompose(p -> {
            List<Object> streams = Arrays.asList(p.stdin(), p.stdout(), p.stderr());
            return p.communicateAsync(null).thenApply(c -> List.of(streams, Arrays.asList(c.stdout(), c.stderr()), p.returncode()));
        }));
        assertEquals(List.of(Arrays.asList(null, null, null), Arrays.asList(null, null), 0), seen);
    }

    @Test
    void tenConcurrentCommunicatesEachGetTheirOwnOutput() throws Exception {
        List<String> outputs = onLoop(() -> {
            List<CompletionStage<String>> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] input = ("child " + i + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
                runs.add(exec(PIPES, "cat").thenCompose(p -> p.communicateAsync(input))
                        .thenApply(c -> new String(c.stdout(), StandardCharsets.UTF_8)));
            }
            return Asyncio.gather(runs);
        });
        for (int i = 0; i < 10; i++) assertEquals(("child " + i + "\n").repeat(1000), outputs.get(i));
    }

    @Test
    void stderrToStdoutMergesTheStreams() throws Exception {
        SubprocessOptions merged = SubprocessOptions.defaults().stdout(Stdio.PIPE).stderr(Stdio.STDOUT);
        List<Object> seen = onLoop(() -> shell(merged, "echo out; echo err >&2").thenCompose(p -> {
            StreamReader stderr = p.stderr();
            return p.communicateAsync(null).thenApply(c -> Arrays.asList(new String(c.stdout(), StandardCharsets.UTF_8), c.stderr(), stderr));
        }));
        assertEquals(Arrays.asList("out\nerr\n", null, null), seen);
    }

    @Test
    void aChildWritingAMegabyteToEachStreamWhileNobodyReadsIsDrainedByCommunicate() throws Exception {
        List<Integer> sizes = onLoop(() -> shell(PIPES, "head -c " + MB + " /dev/zero; head -c " + MB + " /dev/zero >&2; exit 3")
                .thenCompose(p -> Asyncio.sleep(Duration.ofMillis(100)) // it fills both pipes and blocks meanwhile
                        .thenCompose(v -> p.communicateAsync(null))
                        .thenApply(c -> List.of(c.stdout().length, c.stderr().length, p.returncode()))));
        assertEquals(List.of(MB, MB, 3), sizes);
    }

    @Test
    void cancellingCommunicateLeavesTheBytesInTheReader() throws Exception {
        SubprocessOptions out = SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE);
        List<Object> seen = onLoop(() -> exec(out, "cat").thenCompose(p -> {
            p.stdin().write("first line\n".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Communicated> c = p.communicateAsync(null);
            // communicate closed stdin at once (null input): cat then ends; cancel it before the loop sees EOF
            assertTrue(c.cancel(false));
            return p.waitAsync().thenCompose(code -> p.stdout().readAsync(-1)
                    .thenApply(rest -> List.of(code, new String(rest, StandardCharsets.UTF_8), c.isCancelled())));
        }));
        assertEquals(List.of(0, "first line\n", true), seen);
    }

    @Test
    void cancellingCommunicateBeforeItFeedsLeavesStdinOpenAndTheChildRunning() throws Exception {
        List<Object> seen = onLoop(() -> exec(PIPES, "sleep", "30").thenCompose(p -> {
            byte[] big = bytes(4 * MB, 1); // more than the pipe holds: the drain waits for a child that never reads
            CompletableFuture<Communicated> c = p.communicateAsync(big);
            return Asyncio.sleep(Duration.ofMillis(100)).thenCompose(v -> {
                assertTrue(c.cancel(false));
                return Asyncio.sleep(Duration.ofMillis(100));
            }).thenCompose(v -> {
                Integer running = p.returncode();
                boolean stdinOpen = !p.stdin().isClosing();
                p.kill();
                return p.waitAsync().thenApply(code -> Arrays.asList(running, stdinOpen, code));
            });
        }));
        assertEquals(Arrays.asList(null, true, -9), seen);
    }

    // ---------------------------------------------------------------------------------------------
    // stdin: broken pipes

    @Test
    void drainToAChildThatExitedFailsWithAnIOException() throws Exception {
        SubprocessOptions in = SubprocessOptions.defaults().stdin(Stdio.PIPE);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        onLoop(() -> exec(in, "true").thenCompose(p -> p.waitAsync().thenCompose(code -> {
            StreamWriter stdin = p.stdin();
            stdin.write(bytes(MB, 2)); // never throws
            return stdin.drainAsync().handle((v, e) -> failure.complete(e));
        })));
        assertInstanceOf(IOException.class, Task.unwrap(failure.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void communicateWithLargeInputToAChildThatExitedIsNoError() throws Exception {
        List<Object> seen = onLoop(() -> exec(PIPES, "true").thenCompose(p -> p.waitAsync()
                .thenCompose(code -> p.communicateAsync(bytes(4 * MB, 3)))
                .thenApply(c -> List.of(c.stdout().length, c.stderr().length, p.returncode()))));
        assertEquals(List.of(0, 0, 0), seen);
    }

    @Test
    void communicateWithLargeInputToAChildThatStopsReadingIsNoError() throws Exception {
        List<Object> seen = onLoop(() -> shell(PIPES, "head -c 10 >/dev/null; echo done")
                .thenCompose(p -> p.communicateAsync(bytes(4 * MB, 4)))
                .thenApply(c -> List.of(new String(c.stdout(), StandardCharsets.UTF_8), c.stderr().length)));
        assertEquals(List.of("done\n", 0), seen);
    }

    @Test
    void stdinWritesAndDrainsReachTheChildInOrder() throws Exception {
        SubprocessOptions io = SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE);
        String lines = onLoop(() -> exec(io, "cat").thenCompose(p -> {
            StreamWriter stdin = p.stdin();
            StringBuilder got = new StringBuilder();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 5; i++) {
                int n = i;
                chain = chain.thenCompose(v -> {
                    stdin.write(("line " + n + "\n").getBytes(StandardCharsets.UTF_8));
                    return stdin.drainAsync();
                }).thenCompose(v -> p.stdout().readLineAsync()).thenAccept(line -> got.append(new String(line, StandardCharsets.UTF_8)));
            }
            return chain.thenCompose(v -> {
                stdin.close();
                return p.waitAsync();
            }).thenApply(code -> got.toString());
        }));
        assertEquals("line 0\nline 1\nline 2\nline 3\nline 4\n", lines);
    }

    // ---------------------------------------------------------------------------------------------
    // stdout: order and flow control

    @Test
    void limit10And21BytesPausesAndResumesTheReaderAndEveryByteArrives() throws Exception {
        SubprocessOptions small = SubprocessOptions.defaults().stdout(Stdio.PIPE).limit(10);
        List<Object> seen = onLoop(() -> shell(small, "printf '%021d' 0").thenCompose(p -> {
            ReadPipe pipe = p.readPipe(true);
            // Nobody reads: 21 bytes > 2 * limit, so the reader pauses the pump...
            return until(() -> pipe.flowControlCounts()[0] > 0)
                    // ...and reading resumes it.
                    .thenCompose(v -> p.communicateAsync(null))
                    .thenApply(c -> List.of(new String(c.stdout(), StandardCharsets.UTF_8), pipe.flowControlCounts()[1] > 0, p.stdout().atEof()));
        }));
        assertEquals(List.of("0".repeat(21), true, true), seen);
    }

    @Test
    void a256KiBOutputReadSlowlyArrivesWholeThenEof() throws Exception {
        int size = 256 * 1024;
        SubprocessOptions out = SubprocessOptions.defaults().stdout(Stdio.PIPE).limit(4096);
        List<Object> seen = onLoop(() -> shell(out, "head -c " + size + " /dev/urandom | od -An -v -tx1 | tr -d ' \\n' | head -c " + size)
                .thenCompose(p -> readSlowly(p.stdout(), 1000, Duration.ofMillis(1), new ByteArrayOutputStream())
                        .thenCompose(all -> p.waitAsync().thenApply(code -> List.of(all.length, isHex(all), p.stdout().atEof(), code)))));
        assertEquals(List.of(size, true, true, 0), seen);
    }

    static boolean isHex(byte[] data) {
        for (byte b : data) if (Character.digit(b, 16) < 0) return false;
        return true;
    }

    @Test
    void outputArrivesInOrderAcrossManyChunks() throws Exception {
        SubprocessOptions out = SubprocessOptions.defaults().stdout(Stdio.PIPE);
        String text = onLoop(() -> shell(out, "i=0; while [ $i -lt 3000 ]; do echo $i; i=$((i+1)); done")
                .thenCompose(p -> p.communicateAsync(null)).thenApply(c -> new String(c.stdout(), StandardCharsets.UTF_8)));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3000; i++) expected.append(i).append('\n');
        assertEquals(expected.toString(), text);
    }

    @Test
    void readLineOfStdoutAsTheChildRuns() throws Exception {
        SubprocessOptions io = SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE);
        // The child waits for our line before it writes its second one: the first arrives while it runs.
        List<Object> seen = onLoop(() -> shell(io, "echo ready; read x; echo got $x").thenCompose(p -> p.stdout().readLineAsync()
                .thenCompose(first -> {
                    Integer running = p.returncode();
                    p.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
                    return p.stdout().readLineAsync().thenCompose(second -> p.stdout().readLineAsync()
                            .thenCompose(eof -> p.waitAsync().thenApply(code -> Arrays.asList(
                                    new String(first, StandardCharsets.UTF_8), running, new String(second, StandardCharsets.UTF_8), eof.length, code))));
                })));
        assertEquals(Arrays.asList("ready\n", null, "got go\n", 0, 0), seen);
    }

    @Test
    void waitReturnsOnceTheChildExitsEvenIfAGrandchildHoldsItsStdoutOpen() throws Exception {
        SubprocessOptions out = SubprocessOptions.defaults().stdout(Stdio.PIPE);
        long[] grandchild = {0};
        try {
            List<Object> seen = onLoop(() -> shell(out, "sleep 30 & echo $!; wait").thenCompose(p -> p.stdout().readLineAsync()
                    .thenCompose(line -> {
                        grandchild[0] = Long.parseLong(new String(line, StandardCharsets.UTF_8).trim());
                        p.kill(); // the shell dies; its sleep keeps the pipe's write end
                        return p.waitAsync().thenApply(code -> List.of(code, p.stdout().atEof()));
                    })));
            assertEquals(List.of(-9, false), seen); // asyncio 3.12+: wait() does not wait for the pipes
        } finally {
            if (grandchild[0] > 0) ProcessHandle.of(grandchild[0]).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The loop

    @Test
    void aVirtualClockDoesNotJumpWhileAChildRuns() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock().start();
        try {
            CompletableFuture<Integer> code = new CompletableFuture<>();
            loop.execute(() -> loop.createTask(() -> Asyncio.createSubprocessShell("sleep 0.2", SubprocessTest.QUIET)
                    .thenCompose(p -> Asyncio.waitFor(p.waitAsync(), Duration.ofHours(1)))).whenComplete((v, e) -> {
                        if (e == null) code.complete(v);
                        else code.completeExceptionally(e);
                    }));
            assertEquals(0, code.get(10, TimeUnit.SECONDS)); // a jump to the hour would have timed it out
        } finally {
            loop.close();
        }
    }

    @Test
    void pumpsAndTheChildStopCountingAsIoOnceDone() throws Exception {
        EventLoop[] loop = {null};
        int outstanding = onLoop(() -> {
            loop[0] = EventLoop.running();
            return exec(PIPES, "cat").thenCompose(p -> p.communicateAsync("x".getBytes(StandardCharsets.UTF_8)))
                    .thenCompose(c -> until(() -> loop[0].ioOutstanding() == 0))
                    .thenApply(v -> loop[0].ioOutstanding());
        });
        assertEquals(0, outstanding);
    }
}
