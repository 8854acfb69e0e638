package dev.asyncio4j;

import static dev.asyncio4j.Testing.runOneIteration;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md §13.3: closing a loop, with nothing lost and nothing left hanging (issue 11 §2,
 * items 1 and 3). A grant whose resumption the close drops passes on; a task the close finds
 * unfinished ends cancelled, and its pending await points are cancelled with it.
 */
class EventLoopCloseTest {

    private static final long PATIENCE_SECONDS = 10;


    @Test
    void closePassesOnAGrantWhoseResumptionItDrops() {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        EventLoop loop = EventLoop.withVirtualClock();
        Task<Void> waiting = loop.createTask(lock::acquireAsync);
        runOneIteration(loop); // the task now waits for the lock
        lock.release(); // grants the task's waiter; its resumption waits in the idle loop's inbox
        assertTrue(lock.locked(), "handed over to the waiter");
        loop.close();
        assertFalse(lock.locked(), "the dropped resumption's grant came back");
        assertTrue(waiting.isCancelled());
    }

    @Test
    void closeDeliversTheGrantOfALoopWaiterOutsideAnyTask() {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        EventLoop loop = EventLoop.withVirtualClock();
        AtomicReference<CompletableFuture<Void>> acquired = new AtomicReference<>();
        loop.callSoon(() -> acquired.set(lock.acquireAsync())); // a callback, not a task: nothing cancels it
        runOneIteration(loop);
        lock.release(); // granted; the resumption waits in the inbox
        loop.close();
        assertTrue(acquired.get().isDone(), "the dropped resumption ran: the grant is delivered");
        assertFalse(acquired.get().isCompletedExceptionally());
        assertTrue(lock.locked(), "held by the one whose future says so");
    }

    @Test
    void closeRacingAGrantFromAnotherThreadLosesNothing() throws Exception {
        for (int i = 0; i < 300; i++) {
            Lock lock = new Lock();
            assertTrue(lock.tryAcquire());
            EventLoop loop = new EventLoop().start();
            CompletableFuture<Task<Void>> created = new CompletableFuture<>();
            loop.execute(() -> created.complete(loop.createTask(lock::acquireAsync)));
            Task<Void> task = created.get(PATIENCE_SECONDS, SECONDS);
            CountDownLatch go = new CountDownLatch(1);
            Thread releaser = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                lock.release();
            });
            releaser.start();
            go.countDown();
            loop.close();
            releaser.join(SECONDS.toMillis(PATIENCE_SECONDS));
            assertFalse(releaser.isAlive());
            // The task's body is the acquire: it either got the lock (and holds it) or ended
            // cancelled, and then the grant came back. A lock held by a cancelled task is lost.
            assertTrue(task.isDone(), "ended by close: " + task);
            assertEquals(!task.isCancelled(), lock.locked(), "run " + i + ": " + task + ", " + lock);
        }
    }

    @Test
    void tasksPendingAtCloseEndCancelled() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock();
        Event never = new Event();
        Task<Void> waiting = loop.createTask(never::waitAsync);
        Task<Void> sleeping = loop.createTask(() -> Asyncio.sleep(Duration.ofHours(1)));
        runOneIteration(loop);
        Task<Void> notStarted = loop.createTask(() -> CompletableFuture.completedFuture(null));
        loop.close();
        for (Task<Void> t : List.of(waiting, sleeping, notStarted)) {
            assertTrue(t.isDone(), t + " ended by close");
            assertTrue(t.isCancelled(), t + " ended cancelled");
            assertThrows(CancellationException.class, () -> t.get(PATIENCE_SECONDS, SECONDS));
            assertThrows(CancellationException.class,
                    () -> t.toCompletableFuture().get(PATIENCE_SECONDS, SECONDS));
            assertFalse(t.cancel(), "a later cancel() finds it done");
        }
        assertTrue(never.toString().contains("waiters:0") || !never.toString().contains("waiters"),
                "the event's waiter was withdrawn: " + never);
    }

    @Test
    void aTaskCancelledOnAClosedLoopIsDone() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock();
        Task<Void> task = loop.createTask(() -> new Event().waitAsync());
        runOneIteration(loop);
        loop.close();
        task.cancel();
        assertTrue(task.isDone());
        assertThrows(CancellationException.class, () -> task.get(PATIENCE_SECONDS, SECONDS));
    }

    @Test
    void closeRunsTheCleanupOfTheTasksItEnds() {
        Lock lock = new Lock();
        EventLoop loop = EventLoop.withVirtualClock();
        AtomicBoolean cleanedUp = new AtomicBoolean();
        loop.createTask(() -> lock.acquireAsync()
                .thenCompose(held -> Asyncio.sleep(Duration.ofHours(1)))
                .whenComplete((v, error) -> {
                    lock.release();
                    cleanedUp.set(true);
                }));
        runOneIteration(loop);
        assertTrue(lock.locked());
        loop.close();
        assertTrue(cleanedUp.get(), "the sleep was cancelled and the chain's handler ran");
        assertFalse(lock.locked());
    }

    @Test
    void closeCompletesTheFuturesOfFinishedTasksAndTheirDoneCallbacks() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock();
        AtomicBoolean callbackRan = new AtomicBoolean();
        Task<String> task = loop.createTask(() -> CompletableFuture.completedFuture("done"));
        task.addDoneCallback(t -> callbackRan.set(true));
        runOneIteration(loop); // the task ends; its future and callback are queued for the next iteration
        loop.close();
        assertTrue(task.toCompletableFuture().isDone(), "the task's future completes");
        assertTrue(callbackRan.get(), "its done callback runs");
    }
}
