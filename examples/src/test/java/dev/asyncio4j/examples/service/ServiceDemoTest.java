package dev.asyncio4j.examples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The service demo on a small page count, against its own loopback server. */
class ServiceDemoTest {

    @Test
    void everyPageIsAccountedForAndTheConcurrencyLimitHolds() throws Exception {
        ServiceDemo.Options options = ServiceDemo.Options.parse(List.of("--pages", "60", "--limit", "5", "--timeout", "0.4", "--seed", "7"));
        Summary summary = ServiceDemo.run(options, null);

        assertEquals(60, summary.getFetched() + summary.getFailed() + summary.getTimedOut(), String.join("\n", summary.lines()));
        assertTrue(summary.getMaxInFlight() <= 5, "more than the limit in flight: " + summary.getMaxInFlight());
        assertTrue(summary.getMaxInFlight() >= 1);
        // Pages planned to answer after three timeouts cannot be fetched in time.
        long slow = IntStream.rangeClosed(1, 60)
                .filter(page -> PageServer.plan(7, page, options.timeout().multipliedBy(3)).latency().equals(options.timeout().multipliedBy(3)))
                .count();
        assertTrue(summary.getTimedOut() >= slow, "timed out " + summary.getTimedOut() + " < slow pages " + slow);
    }

    @Test
    void progressToANonTerminalIsALinePerTenPercent() throws Exception {
        // Under surefire the JVM has no console: the output is a pipe, as in CI's log.
        assertNull(System.console());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServiceDemo.run(ServiceDemo.Options.parse(List.of("--pages", "50", "--limit", "8", "--timeout", "0.4", "--seed", "3")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String progress = bytes.toString(StandardCharsets.UTF_8);

        assertFalse(progress.contains("\r"), "redrawn in place: " + progress);
        List<String> lines = progress.lines().toList();
        assertTrue(lines.size() >= 1 && lines.size() <= 10, "not a line per 10%: " + progress);
        assertTrue(lines.get(lines.size() - 1).contains("50/50 pages"), progress);
        for (String line : lines) assertTrue(line.length() < 200, "long line: " + line);
    }

    @Test
    void optionsAreCheckedAndParsed() {
        ServiceDemo.Options options = ServiceDemo.Options.parse(List.of("--limit", "3", "--timeout", "1.5"));
        assertEquals(3, options.limit());
        assertEquals(Duration.ofMillis(1500), options.timeout());
        assertEquals(ServiceDemo.Options.DEFAULT.pages(), options.pages());
        assertThrows(IllegalArgumentException.class, () -> ServiceDemo.Options.parse(List.of("--limit", "0")));
        assertThrows(IllegalArgumentException.class, () -> ServiceDemo.Options.parse(List.of("--pages")));
        assertThrows(IllegalArgumentException.class, () -> ServiceDemo.Options.parse(List.of("--bogus", "1")));
    }
}
