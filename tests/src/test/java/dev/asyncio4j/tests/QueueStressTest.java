package dev.asyncio4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.EventLoop;
import dev.asyncio4j.Queue;
import dev.asyncio4j.QueueShutDownException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers on plain threads and on two loops share one bounded {@link Queue}, and
 * cancel about one in five of their puts and gets, from their own thread or another one, at random
 * moments (pending, granted, resumed). Then the queue shuts down and everything settles. Every
 * item whose put completed normally must have been got exactly once, no item whose put was
 * cancelled or failed may appear, and {@code join} completes once each got item is marked done.
 * Duration: system property {@code stress.seconds} (default 2; the stress profile raises it).
 */
class QueueStressTest {

    private final Queue<Long> queue = new Queue<>(4);
    private final AtomicLong nextItem = new AtomicLong();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
    private final Set<Long> received = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    @Test
    void everyDeliveredItemIsGotExactlyOnceAndJoinCompletes() throws Exception {
        long seconds = Long.getLong("stress.seconds", 2);
        List<EventLoop> loops = List.of(new EventLoop().start(), new EventLoop().start());
        CountDownLatch producers = new CountDownLatch(4), consumers = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(() -> produceOnThread(producers), "producer-" + i));
            threads.add(new Thread(() -> consumeOnThread(consumers), "consumer-" + i));
        }
        threads.forEach(Thread::start);
        for (EventLoop loop : loops) {
            loop.execute(() -> produceOnLoop(loop, producers));
            loop.execute(() -> consumeOnLoop(loop, consumers));
        }
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            producing.set(false);
            queue.shutdown(); // pending puts fail, granted ones still deliver; consumers stop once it is empty
            assertTrue(producers.await(30, TimeUnit.SECONDS), "producers did not stop");
            assertTrue(consumers.await(30, TimeUnit.SECONDS), "consumers did not stop");
            for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
            // Items given back after the last consumer stopped are still queued.
            while (!queue.empty()) receive(queue.getNowait());
            assertEquals(List.of(), List.copyOf(errors));
            assertEquals(delivered, received);
            assertTrue(delivered.size() > 100, "too little traffic: " + delivered.size());
            queue.joinAsync().get(30, TimeUnit.SECONDS);
        } finally {
            loops.forEach(EventLoop::close);
        }
    }

    private void receive(Long item) {
        if (!received.add(item)) errors.add("item " + item + " got twice");
        queue.taskDone();
    }

    private void delivered(long item) {
        if (!delivered.add(item)) errors.add("item " + item + " delivered twice");
    }

    /** Cancels {@code future} about one time in five: now, or a little later from a pool thread. */
    private static void maybeCancel(CompletableFuture<?> future) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(10);
        if (dice == 0) future.cancel(false);
        else if (dice == 1) CompletableFuture.runAsync(() -> future.cancel(false));
    }

    private void produceOnThread(CountDownLatch done) {
        try {
            while (producing.get()) {
                long item = nextItem.incrementAndGet();
                CompletableFuture<Void> put = queue.putAsync(item);
                maybeCancel(put);
                try {
                    put.get(30, TimeUnit.SECONDS);
                    delivered(item);
                } catch (CancellationException | ExecutionException notDelivered) {
                    // cancelled, or shut down while waiting
                }
            }
        } catch (Throwable error) {
            errors.add("producer thread: " + error);
        } finally {
            done.countDown();
        }
    }

    private void consumeOnThread(CountDownLatch done) {
        try {
            while (true) {
                CompletableFuture<Long> get = queue.getAsync();
                maybeCancel(get);
                try {
                    receive(get.get(30, TimeUnit.SECONDS));
                } catch (CancellationException cancelled) {
                    // its item, if it had one, went to another getter or back into the queue
                } catch (ExecutionException failed) {
                    if (failed.getCause() instanceof QueueShutDownException) return;
                    throw failed;
                }
            }
        } catch (Throwable error) {
            errors.add("consumer thread: " + error);
        } finally {
            done.countDown();
        }
    }

    /** One put per step, the next step scheduled when it settles, until production stops. */
    private void produceOnLoop(EventLoop loop, CountDownLatch done) {
        if (!producing.get()) {
            done.countDown();
            return;
        }
        long item = nextItem.incrementAndGet();
        CompletableFuture<Void> put = queue.putAsync(item);
        maybeCancel(put);
        put.whenComplete((ignored, error) -> {
            if (error == null) delivered(item);
            loop.execute(() -> produceOnLoop(loop, done));
        });
    }

    /** One get per step until the queue is shut down and empty. */
    private void consumeOnLoop(EventLoop loop, CountDownLatch done) {
        CompletableFuture<Long> get = queue.getAsync();
        maybeCancel(get);
        get.whenComplete((item, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof QueueShutDownException) {
                done.countDown();
                return;
            }
            if (cause == null) receive(item);
            else if (!(cause instanceof CancellationException)) errors.add("loop consumer: " + cause);
            loop.execute(() -> consumeOnLoop(loop, done));
        });
    }
}
