package dev.asyncio4j;

import static dev.asyncio4j.Testing.assertCompletedByFreeingThread;
import static dev.asyncio4j.Testing.assertResumesOnThisLoop;
import static dev.asyncio4j.Testing.onThread;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Where the dependent stages of a {@code *Async} future run, as each method's javadoc and the
 * package doc's table say (issue 17, item 6): at once on the caller when the future is already
 * complete; on the waiter's loop for a wait made on a loop; on the freeing thread for a wait made
 * on any other thread; on the owning loop for a stream read; and on an executor when moved with
 * {@code thenApplyAsync(fn, executor)}. Semaphore, Event, Condition and Barrier have the same
 * checks in their own test classes.
 */
class DependentStagesTest {

    @Test
    void aFreeLocksStagesRunAtOnceOnTheCaller() {
        Lock lock = new Lock();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        lock.acquireAsync().thenRun(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void anOffLoopLockWaitersStagesRunOnTheReleasingThread() {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        assertCompletedByFreeingThread(lock.acquireAsync(), lock::release);
    }

    @Test
    void aLoopLockWaitersStagesRunOnItsLoop() {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        Testing.runVirtual(() -> assertResumesOnThisLoop(lock.acquireAsync(), lock::release));
    }

    @Test
    void anOffLoopGettersStagesRunOnThePuttingThread() {
        Queue<String> q = new Queue<>();
        assertCompletedByFreeingThread(q.getAsync(), () -> q.putNowait("x"));
    }

    @Test
    void anOffLoopPuttersStagesRunOnTheGettingThread() {
        Queue<String> q = new Queue<>(1);
        q.putNowait("first");
        assertCompletedByFreeingThread(q.putAsync("second"), q::getNowait);
    }

    @Test
    void anOffLoopJoinersStagesRunOnTheThreadOfTheLastTaskDone() {
        Queue<String> q = new Queue<>();
        q.putNowait("x");
        q.getNowait();
        assertCompletedByFreeingThread(q.joinAsync(), q::taskDone);
    }

    @Test
    void withLockAsyncRunsTheBodyWhereTheAcquireResumesAndEndsWhereTheBodyEnds() throws Exception {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        AtomicReference<Thread> bodyOn = new AtomicReference<>();
        CompletableFuture<String> bodyStage = new CompletableFuture<>();
        CompletableFuture<String> result = lock.withLockAsync(() -> {
            bodyOn.set(Thread.currentThread());
            return bodyStage;
        });
        AtomicReference<Thread> releasing = new AtomicReference<>();
        onThread(() -> {
            releasing.set(Thread.currentThread());
            lock.release();
        });
        assertSame(releasing.get(), bodyOn.get(), "the body runs on the releasing thread");
        AtomicReference<Thread> resultOn = new AtomicReference<>();
        result.thenRun(() -> resultOn.set(Thread.currentThread()));
        AtomicReference<Thread> completing = new AtomicReference<>();
        onThread(() -> {
            completing.set(Thread.currentThread());
            bodyStage.complete("done");
        });
        assertEquals("done", result.getNow(null));
        assertSame(completing.get(), resultOn.get(), "the result's stages run where the body's stage completed");
        assertFalse(lock.locked(), "released before the result completed");
    }

    @Test
    void thenApplyAsyncWithAnExecutorMovesTheStageOffTheReleasingThread() throws Exception {
        Lock lock = new Lock();
        assertTrue(lock.tryAcquire());
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "stage-pool"));
        try {
            CompletableFuture<String> ranOn = lock.acquireAsync()
                    .thenApplyAsync(v -> Thread.currentThread().getName(), pool);
            onThread(lock::release);
            assertEquals("stage-pool", ranOn.get(10, SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStreamReadMadeOnAnotherThreadCompletesOnTheReadersLoop() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            loop.start();
            StreamReader reader = loop.submit(() -> new StreamReader(loop, 1024)).get(10, SECONDS);
            CompletableFuture<Boolean> onLoop = reader.readLineAsync().thenApply(line -> loop.inLoopThread());
            loop.execute(() -> reader.feedData("line\n".getBytes(StandardCharsets.ISO_8859_1)));
            assertTrue(onLoop.get(10, SECONDS), "the read's stage ran on the loop's thread");
        }
    }
}
