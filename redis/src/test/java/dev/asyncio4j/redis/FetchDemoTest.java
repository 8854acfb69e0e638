package dev.asyncio4j.redis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The demo runs end to end: three processes, one semaphore("fetch", 8) in Redis. */
class FetchDemoTest {
    @Test
    void threeProcessesNeverExceedEightFetchesInFlight() throws Exception {
        FetchDemo.Summary summary = FetchDemo.run();
        System.out.println("highest in flight: " + summary.highestInFlight() + "; " + summary.fetchedBy());
        assertTrue(summary.highestInFlight() <= FetchDemo.PERMITS, "at most 8 in flight, saw " + summary.highestInFlight());
        assertTrue(summary.highestInFlight() >= 2, "the fetches overlapped");
        assertEquals(FetchDemo.PROCESSES, summary.fetchedBy().size());
        summary.fetchedBy().forEach(line -> assertTrue(line.contains("fetched " + FetchDemo.PAGES_EACH + " pages"), line));
    }
}
