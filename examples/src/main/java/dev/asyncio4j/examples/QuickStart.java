package dev.asyncio4j.examples;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Queue;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The README's Java quick start: three workers drain a queue, at most two at a time. */
public final class QuickStart {
    public static void main(String[] args) {
        Queue<String> jobs = new Queue<>();
        Semaphore slots = new Semaphore(2);
        for (String job : new String[] {"a", "b", "c", "d"}) jobs.putNowait(job);
        jobs.shutdown(); // gets drain the queue, then fail with QueueShutDownException
        Asyncio.run(() -> TaskGroup.run(group -> {
            for (int w = 1; w <= 3; w++) {
                String worker = "worker-" + w;
                group.createTask(() -> work(worker, jobs, slots));
            }
            return CompletableFuture.completedFuture(null);
        }));
        System.out.println("all jobs done");
    }

    private static CompletableFuture<Void> work(String worker, Queue<String> jobs, Semaphore slots) {
        return jobs.getAsync()
                .thenCompose(job -> slots.withPermitAsync(() -> Asyncio.sleep(Duration.ofMillis(100))
                        .thenRun(() -> System.out.println(worker + " did " + job))))
                .thenCompose(done -> work(worker, jobs, slots))
                .exceptionally(shutDown -> null); // the queue is empty and shut down: stop
    }
}
