package dev.asyncio4j;

import static dev.asyncio4j.Testing.drain;
import static dev.asyncio4j.Testing.fillThenQueuePuts;
import static dev.asyncio4j.Testing.shortOutcome;
import static dev.asyncio4j.Testing.putAllThenDrain;
import static dev.asyncio4j.Testing.runStepsInCallbacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §8 rules specific to {@link LifoQueue}: its order, and where a given-back item goes. */
class LifoQueueTest {

    @Test
    void lastInComesFirstOut() {
        assertEquals(List.of(3, 2, 1), putAllThenDrain(new LifoQueue<>(), 1, 2, 3));
    }

    @Test
    void boundedLifoQueueWaitsForRoomAndItsItemEntersOnTop() {
        Queue<Integer> q = new LifoQueue<>(2);
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        runStepsInCallbacks(fillThenQueuePuts(q, puts, 1, 2, 3), () -> {
            assertEquals(2, q.getNowait());
            assertTrue(q.full());
        }, () -> {
            assertEquals("value:null", shortOutcome(puts.get(0)));
            assertEquals(List.of(3, 1), drain(q));
        });
    }

    @Test
    void getCancelledAfterTheHandOffPutsTheItemBelowLaterItems() {
        Queue<String> q = new LifoQueue<>();
        List<CompletableFuture<String>> gets = new ArrayList<>();
        runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
            q.putNowait("a"); // handed to the getter
            q.putNowait("b");
            q.putNowait("c");
            assertTrue(gets.get(0).cancel(false));
            assertEquals(3, q.qsize());
        }, () -> assertEquals(List.of("c", "b", "a"), drain(q)));
    }

    @Test
    void itemsGivenBackInAnyOrderStackInTheOrderTheyEntered() {
        Queue<String> q = new LifoQueue<>();
        List<CompletableFuture<String>> gets = new ArrayList<>();
        runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
            q.putNowait("a");         // handed to getter 0
            q.putNowait("b");
            assertEquals("b", q.getNowait());
            gets.add(q.getAsync());
            q.putNowait("c");         // handed to getter 1
            assertTrue(gets.get(0).cancel(false)); // a back first
            assertTrue(gets.get(1).cancel(false)); // then c, which entered after a: above it
            q.putNowait("d");
        }, () -> assertEquals(List.of("d", "c", "a"), drain(q)));
    }
}
