package dev.asyncio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The echo service of the demo: every request comes back, and the summary counts them. */
class EchoDemoTest {

    @Test
    void everyClientGetsEveryEchoBack() throws Exception {
        EchoDemo.Summary s = CompletableFuture.supplyAsync(() -> EchoDemo.run(5, 20)).get(30, TimeUnit.SECONDS);
        assertEquals(5, s.connections());
        assertEquals(100, s.roundTrips());
        assertEquals(100L * EchoDemo.MESSAGE, s.bytes());
        assertTrue(s.roundTripsPerSecond() > 0);
    }

    @Test
    void theDemoCommandPrintsTheSummary() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CompletableFuture.runAsync(() -> EchoDemo.main(List.of("--clients", "2", "--round-trips", "3"), out)).get(30, TimeUnit.SECONDS);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("connections: 2", lines.get(1));
        assertEquals("bytes echoed: 600", lines.get(2));
        assertEquals("round trips: 6", lines.get(3));
    }
}
