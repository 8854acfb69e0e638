package dev.asyncio4j.examples;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Event;
import dev.asyncio4j.Subprocess;
import dev.asyncio4j.SubprocessOptions;
import dev.asyncio4j.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
