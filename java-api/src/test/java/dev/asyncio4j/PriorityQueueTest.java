package dev.asyncio4j;

import static dev.asyncio4j.Testing.drain;
import static dev.asyncio4j.Testing.nothingUnfinished;
import static dev.asyncio4j.Testing.shortOutcome;
import static dev.asyncio4j.Testing.putAllThenDrain;
import static dev.asyncio4j.Testing.runStepsInCallbacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §8 rules specific to {@link PriorityQueue}: its order, ties, and where a given-back item goes. */
class PriorityQueueTest {

    /** An item with a priority and a label; compared by priority only. */
    private record Job(int priority, String label) {
        static final Comparator<Job> BY_PRIORITY = Comparator.comparingInt(Job::priority);

        @Override
        public String toString() {
            return priority + label;
        }
    }

    @Test
    void smallestComesFirstInNaturalOrder() {
        assertEquals(List.of(1, 2, 3, 4, 5), putAllThenDrain(new PriorityQueue<>(), 5, 1, 4, 2, 3));
    }

    @Test
    void aComparatorGivesTheOrder() {
        assertEquals(List.of("c", "b", "a"), putAllThenDrain(new PriorityQueue<>(0, Comparator.reverseOrder()), "b", "c", "a"));
    }

    @Test
    void equalPrioritiesComeOutInInsertionOrder() {
        Queue<Job> q = new PriorityQueue<>(0, Job.BY_PRIORITY);
        String[] labels = {"a", "b", "c", "d", "e", "f"};
        for (int i = 0; i < labels.length; i++) q.putNowait(new Job(i % 2, labels[i]));
        assertEquals("[0a, 0c, 0e, 1b, 1d, 1f]", drain(q).toString());
    }

    @Test
    void boundedPriorityQueueWaitsForRoomAndOrdersTheItemWhenItEnters() {
        Queue<Integer> q = new PriorityQueue<>(2);
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        runStepsInCallbacks(() -> {
            q.putNowait(5);
            q.putNowait(3);
            assertTrue(q.full());
            puts.add(q.putAsync(1));
        }, () -> {
            assertEquals(3, q.getNowait());
            assertEquals(1, q.qsize());
            assertTrue(q.full()); // the slot is reserved for 1
        }, () -> {
            assertEquals("value:null", shortOutcome(puts.get(0)));
            assertEquals(List.of(1, 5), drain(q));
        });
    }

    @Test
    void getCancelledAfterTheHandOffPutsTheItemBackByPriority() {
        Queue<Integer> q = new PriorityQueue<>();
        List<CompletableFuture<Integer>> gets = new ArrayList<>();
        runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
            q.putNowait(5); // handed to the getter
            q.putNowait(7);
            q.putNowait(3);
            assertTrue(gets.get(0).cancel(false));
        }, () -> assertEquals(List.of(3, 5, 7), drain(q)));
    }

    @Test
    void anItemGivenBackGoesAheadOfEqualItemsThatEnteredAfterIt() {
        Queue<Job> q = new PriorityQueue<>(0, Job.BY_PRIORITY);
        List<CompletableFuture<Job>> gets = new ArrayList<>();
        runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
            q.putNowait(new Job(1, "a")); // handed to the getter
            q.putNowait(new Job(1, "b"));
            q.putNowait(new Job(0, "c"));
            assertTrue(gets.get(0).cancel(false));
        }, () -> assertEquals("[0c, 1a, 1b]", drain(q).toString()));
    }

    @Test
    void itemsThatAreNotComparableAreRejectedBeforeAnythingChanges() {
        Queue<Object> q = new PriorityQueue<>();
        assertThrows(ClassCastException.class, () -> q.putNowait(new Object()));
        assertEquals("ClassCastException", shortOutcome(q.putAsync(new Object())));
        assertEquals(0, q.qsize());
        assertTrue(nothingUnfinished(q));
    }
}
