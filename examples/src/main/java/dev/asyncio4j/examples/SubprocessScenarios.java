package dev.asyncio4j.examples;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Event;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.Stdio;
import dev.asyncio4j.StreamReader;
import dev.asyncio4j.Subprocess;
import dev.asyncio4j.SubprocessOptions;
import dev.asyncio4j.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The subprocess scenarios in Java (examples/python/asyncio_subprocess.py and
 * subprocess_semaphore.py), printing to {@code out} what CPython prints.
 */
final class SubprocessScenarios {
    private SubprocessScenarios() {
    }

    /** The seed's "asyncio subprocess": ls with stdout inherited, waited for on the loop, then an Event. */
    static void asyncioSubprocess(Out out, Runner asyncio) {
        Path empty = emptyDirectory();
        try {
            asyncio.run(() -> {
                Event done = new Event();
                out.println("Starting ls");
                Task<Void> reporter = Asyncio.createTask(() -> {
                    out.println("Waiting for ls to finish");
                    return done.waitAsync().thenRun(() -> out.println("Process completed"));
                });
                return Asyncio.createSubprocessExec(List.of("ls"), SubprocessOptions.defaults().cwd(empty))
                        .thenCompose(Subprocess::waitAsync)
                        .thenCompose(returncode -> {
                            out.println("ls exited with " + returncode);
                            done.set();
                            return reporter;
                        });
            });
        } finally {
            delete(empty);
        }
    }

    /** Several children at once under a Semaphore(2), each child's stdout read line by line as it runs. */
    static void subprocessSemaphore(Out out, Runner asyncio) {
        int jobs = 5;
        asyncio.run(() -> {
            Semaphore limit = new Semaphore(2);
            int[] running = {0}, most = {0};
            List<CompletionStage<String>> results = new ArrayList<>();
            for (int n = 1; n <= jobs; n++) {
                String command = "for i in 1 2 3; do echo \"job " + n + " step $i\"; sleep 0.02; done";
                results.add(Asyncio.createTask(() -> limit.withPermitAsync(() -> {
                    running[0]++;
                    most[0] = Math.max(most[0], running[0]);
                    return Asyncio.createSubprocessExec(List.of("sh", "-c", command), SubprocessOptions.defaults().stdout(Stdio.PIPE))
                            .thenCompose(process -> readLines(process.stdout(), new ArrayList<>())
                                    .thenCompose(lines -> process.waitAsync().thenApply(returncode -> {
                                        running[0]--;
                                        return "exit " + returncode + ", " + lines.size() + " lines: " + String.join(" | ", lines);
                                    })));
                })));
            }
            return Asyncio.gather(results).thenAccept(summaries -> {
                for (int n = 1; n <= jobs; n++) out.println("job " + n + ": " + summaries.get(n - 1));
                out.println("at most " + most[0] + " children ran at once");
            });
        });
    }

    /** {@code while line := await reader.readline(): lines.append(...)}: every line, without its newline, as it arrives. */
    private static CompletionStage<List<String>> readLines(StreamReader reader, List<String> lines) {
        return reader.readLineAsync().thenCompose(line -> {
            if (line.length == 0) return CompletableFuture.completedFuture(lines);
            lines.add(new String(line, StandardCharsets.UTF_8).stripTrailing());
            return readLines(reader, lines);
        });
    }

    static Path emptyDirectory() {
        try {
            return Files.createTempDirectory("asyncio4j-ls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path empty) {
        try {
            Files.deleteIfExists(empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
