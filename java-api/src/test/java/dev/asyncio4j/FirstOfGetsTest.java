package dev.asyncio4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Taking the first of several gets, asyncio's way: {@code Asyncio.wait(FIRST_COMPLETED)} over a get
 * per queue, then cancel the rest. A get future cancelled after an item was handed to it gives the
 * item back, so the race drops nothing.
 */
class FirstOfGetsTest {

    private static final int ITEMS = 10_000;

    @Test
    void firstCompletedThenCancelTheRestLosesAndDuplicatesNoItem() throws Exception {
        Queue<Integer> evens = new Queue<>(4), odds = new Queue<>(4);
        Set<Integer> seen = new HashSet<>();
        List<Integer> duplicates = new ArrayList<>();
        List<Thread> producers = new ArrayList<>();
        Asyncio.run(() -> {
            // Producers on their own threads: grants race the consumers' cancellations.
            producers.add(producer(evens, 0));
            producers.add(producer(odds, 1));
            CompletableFuture<Void> finished = new CompletableFuture<>();
            for (int c = 0; c < 3; c++) consume(evens, odds, seen, duplicates, finished);
            return finished;
        });
        for (Thread p : producers) {
            p.join(SECONDS.toMillis(10));
            assertFalse(p.isAlive(), "producer stuck");
        }
        assertEquals(List.of(), duplicates);
        assertEquals(ITEMS, seen.size());
        assertEquals(0, evens.qsize() + odds.qsize());
    }

    private static Thread producer(Queue<Integer> queue, int first) {
        Thread t = new Thread(() -> {
            try {
                for (int i = first; i < ITEMS; i += 2) queue.putAsync(i).get(10, SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        return t;
    }

    /** One round: a get per queue, the first to complete, cancel the rest, take every item delivered; then again. */
    private static void consume(Queue<Integer> a, Queue<Integer> b, Set<Integer> seen, List<Integer> duplicates,
                                CompletableFuture<Void> finished) {
        List<CompletableFuture<Integer>> gets = List.of(a.getAsync(), b.getAsync());
        Asyncio.wait(gets, null, ReturnWhen.FIRST_COMPLETED).whenComplete((r, error) -> {
            if (error != null) {
                finished.completeExceptionally(error);
                return;
            }
            for (CompletableFuture<Integer> get : gets) {
                // A get that completed after wait() decided is not cancellable: its item is ours too.
                get.cancel(false);
                if (get.isDone() && !get.isCompletedExceptionally() && !seen.add(get.join())) duplicates.add(get.join());
            }
            if (seen.size() == ITEMS) {
                finished.complete(null);
            } else if (!finished.isDone()) {
                consume(a, b, seen, duplicates, finished); // from a callback: no recursion on the stack
            }
        });
    }
}
