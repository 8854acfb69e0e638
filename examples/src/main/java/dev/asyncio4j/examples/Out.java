package dev.asyncio4j.examples;

import java.io.PrintStream;

/** Where an example prints, one line at a time: standard output when run, a list in the tests. */
@FunctionalInterface
public interface Out {
    void println(String line);

    /** Lines to a stream, flushed at once so that real-time runs show each line when it happens. */
    static Out of(PrintStream stream) {
        return line -> {
            stream.println(line);
            stream.flush();
        };
    }
}
