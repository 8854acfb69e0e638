package dev.asyncio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quick starts print what the README says they print. */
class QuickStartTest {
    private static final List<String> EXPECTED =
            List.of("worker-1 did a", "worker-2 did b", "worker-3 did c", "worker-1 did d", "all jobs done");

    @Test
    void javaQuickStartPrintsTheReadmeLines() {
        assertEquals(EXPECTED, captured(() -> QuickStart.main(new String[0])));
    }

    @Test
    void kotlinQuickStartPrintsTheSameLines() {
        assertEquals(EXPECTED, captured(QuickStartKtKt::main));
    }

    private static List<String> captured(Runnable program) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
