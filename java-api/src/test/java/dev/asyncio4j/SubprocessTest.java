package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "I/O on the loop" Subprocess without pipes: starting, waiting, return codes and signals, after
 * CPython's test_asyncio/test_subprocess.py. Each test runs on a real loop on its own thread and
 * waits for it at most 10 seconds.
 */
class SubprocessTest {

    static final SubprocessOptions QUIET = SubprocessOptions.defaults().stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL);

    /** Runs {@code main} as a task of a real loop started on its own thread; fails after 10 s instead of hanging. */
    static <T> T onLoop(Supplier<? extends CompletionStage<T>> main) throws Exception {
        EventLoop loop = new EventLoop().start();
        try {
            CompletableFuture<T> result = new CompletableFuture<>();
            loop.execute(() -> loop.createTask(main).whenComplete((v, e) -> {
                if (e == null) result.complete(v);
                else result.completeExceptionally(e);
            }));
            return result.get(10, TimeUnit.SECONDS);
        } finally {
            loop.close();
        }
    }

    static CompletableFuture<Subprocess> shell(String command) {
        return Asyncio.createSubprocessShell(command, QUIET);
    }

    /** The failure of a future that must fail, unwrapped. */
    static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void shellExitCodeIsTheReturnCode() throws Exception {
        assertEquals(7, onLoop(() -> shell("exit 7").thenCompose(Subprocess::waitAsync)));
    }

    @Test
    void returncodeIsNullWhileRunningAndSetOnceTheLoopSeesTheExit() throws Exception {
        List<Object> seen = onLoop(() -> shell("exit 3").thenCompose(p -> {
            Integer before = p.returncode();
            return p.waitAsync().thenApply(code -> List.of(String.valueOf(before), code, p.returncode(), p.pid() > 0));
        }));
        assertEquals(List.of("null", 3, 3, true), seen);
    }

    @Test
    void waitAfterExitCompletesAtOnceWithTheSameCode() throws Exception {
        boolean doneAtOnce = onLoop(() -> shell("exit 0").thenCompose(p -> p.waitAsync().thenApply(code -> {
            CompletableFuture<Integer> again = p.waitAsync();
            return again.isDone() && again.join() == 0;
        })));
        assertTrue(doneAtOnce);
    }

    /** The return code of a sleeping child after {@code signal} was sent to it. */
    static int codeAfter(java.util.function.Consumer<Subprocess> signal) throws Exception {
        return onLoop(() -> shell("sleep 30").thenCompose(p -> {
            signal.accept(p);
            return p.waitAsync();
        }));
    }

    @Test
    void killOfASleepingChildGivesMinus9() throws Exception {
        assertEquals(-9, codeAfter(p -> p.kill()));
    }

    @Test
    void terminateGivesMinus15() throws Exception {
        assertEquals(-15, codeAfter(p -> p.terminate()));
    }

    @Test
    void sendSignalSighupGivesMinus1() throws Exception {
        assertEquals(-1, codeAfter(p -> p.sendSignal(1)));
    }

    @Test
    void aChildThatExitsWith137ItselfIsNotReportedAsKilled() throws Exception {
        assertEquals(137, onLoop(() -> shell("exit 137").thenCompose(Subprocess::waitAsync)));
    }

    @Test
    void signallingAfterExitThrowsAndTheReturnCodeStays() throws Exception {
        List<Class<?>> thrown = onLoop(() -> shell("exit 5").thenCompose(p -> p.waitAsync().thenApply(code -> {
            Class<?> a = assertThrows(IllegalStateException.class, p::kill).getClass();
            Class<?> b = assertThrows(IllegalStateException.class, p::terminate).getClass();
            Class<?> c = assertThrows(IllegalStateException.class, () -> p.sendSignal(1)).getClass();
            assertEquals(5, p.returncode());
            return List.of(a, b, c);
        })));
        assertEquals(3, thrown.size());
    }

    @Test
    void badSignalNumberThrows() throws Exception {
        onLoop(() -> shell("sleep 30").thenCompose(p -> {
            assertThrows(IllegalArgumentException.class, () -> p.sendSignal(-1));
            assertThrows(IllegalArgumentException.class, () -> p.sendSignal(65));
            p.kill();
            return p.waitAsync();
        }));
    }

    @Test
    void cancellingWaitLeavesTheChildRunningAndALaterKillAndWaitWork() throws Exception {
        List<Object> seen = onLoop(() -> shell("sleep 30").thenCompose(p -> {
            CompletableFuture<Integer> wait = p.waitAsync();
            assertTrue(wait.cancel(false));
            return Asyncio.sleep(java.time.Duration.ofMillis(200)).thenCompose(v -> {
                Integer running = p.returncode();
                p.kill();
                return p.waitAsync().thenApply(code -> List.of(String.valueOf(running), code, wait.isCancelled()));
            });
        }));
        assertEquals(List.of("null", -9, true), seen);
    }

    @Test
    void cancellingTheTaskThatWaitsLeavesTheChildRunning() throws Exception {
        List<Object> seen = onLoop(() -> shell("sleep 30").thenCompose(p -> {
            Task<Integer> waiter = Asyncio.createTask(p::waitAsync);
            return Asyncio.sleep(java.time.Duration.ofMillis(50)).thenCompose(v -> {
                waiter.cancel();
                return Asyncio.gather(true, waiter);
            }).thenCompose(outcome -> {
                boolean alive = p.returncode() == null;
                p.kill();
                return p.waitAsync().thenApply(code -> List.of(waiter.isCancelled(), alive, code));
            });
        }));
        assertEquals(List.of(true, true, -9), seen);
    }

    @Test
    void spawnFailureFailsTheFutureWithTheJdksIOExceptionAndLeaksNothing() throws Exception {
        long threadsBefore = pumpThreads();
        long fdsBefore = openFileDescriptors();
        for (int i = 0; i < 50; i++) {
            CompletableFuture<Subprocess> f = onLoop(() -> CompletableFuture.completedFuture(
                    Asyncio.createSubprocessExec(List.of("/no/such/program-asyncio4j"),
                            SubprocessOptions.defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.PIPE))));
            assertInstanceOf(IOException.class, failureOf(f));
        }
        assertTrue(pumpThreads() <= threadsBefore, "pump threads left: " + threadsBefore + " -> " + pumpThreads()); // an earlier test's may end meanwhile
        assertTrue(openFileDescriptors() < fdsBefore + 20, "file descriptors leaked: " + fdsBefore + " -> " + openFileDescriptors());
    }

    @Test
    void createOffTheLoopFailsTheFuture() throws Exception {
        assertInstanceOf(IllegalStateException.class, failureOf(Asyncio.createSubprocessExec(List.of("true"), QUIET)));
        assertInstanceOf(NullPointerException.class, failureOf(Asyncio.createSubprocessExec(null, QUIET)));
        assertInstanceOf(IllegalArgumentException.class, failureOf(onLoop(() -> CompletableFuture.completedFuture(
                Asyncio.createSubprocessExec(List.of(), QUIET)))));
    }

    @Test
    void envReplacesTheChildsEnvironment() throws Exception {
        SubprocessOptions env = QUIET.env(Map.of("ASYNCIO4J_A", "1"));
        assertEquals(0, onLoop(() -> Asyncio.createSubprocessShell("test \"$ASYNCIO4J_A\" = 1 && test -z \"$HOME\"", env)
                .thenCompose(Subprocess::waitAsync)));
    }

    @Test
    void cwdSetsTheChildsDirectory() throws Exception {
        Path dir = Files.createTempDirectory("asyncio4j-cwd").toRealPath();
        try {
            SubprocessOptions cwd = QUIET.cwd(dir);
            assertEquals(0, onLoop(() -> Asyncio.createSubprocessShell("test \"$(pwd -P)\" = '" + dir + "'", cwd)
                    .thenCompose(Subprocess::waitAsync)));
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void aMissingCwdIsAStartFailure() throws Exception {
        SubprocessOptions cwd = QUIET.cwd(Path.of("/no/such/dir-asyncio4j"));
        assertInstanceOf(IOException.class, failureOf(onLoop(() -> CompletableFuture.completedFuture(
                Asyncio.createSubprocessExec(List.of("true"), cwd)))));
    }

    @Test
    void execRunsTheProgramWithoutAShell() throws Exception {
        assertEquals(0, onLoop(() -> Asyncio.createSubprocessExec(List.of("test", "a b", "=", "a b"), QUIET)
                .thenCompose(Subprocess::waitAsync)));
    }

    static long pumpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("asyncio4j-subprocess")).count();
    }

    static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void toStringShowsPidAndState() throws Exception {
        String s = onLoop(() -> shell("exit 2").thenCompose(p -> p.waitAsync().thenApply(c -> p.toString())));
        assertTrue(s.contains("returncode=2"), s);
        assertFalse(s.contains("running"), s);
    }
}
