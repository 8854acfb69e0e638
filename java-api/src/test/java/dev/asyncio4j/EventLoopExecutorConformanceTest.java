package dev.asyncio4j;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link EventLoop} as a {@link java.util.concurrent.ScheduledExecutorService}: the behaviours the
 * JSR-166 TCK holds the JDK's executors to ({@code ScheduledExecutorTest},
 * {@code AbstractExecutorServiceTest}), written again for a loop that runs everything on one thread,
 * plus the contract breaks reported against it (issue 12 §1). Timed behaviour is checked on the
 * virtual clock; waits for another thread are bounded and fail.
 *
 * <h2>TCK cases judged not applicable, and why</h2>
 * <ul>
 *   <li>{@code testGetActiveCount}, {@code testGetCompletedTaskCount}, {@code testGetCorePoolSize},
 *       {@code testGetLargestPoolSize}, {@code testGetPoolSize}, {@code testGetTaskCount}: statistics
 *       of {@code ThreadPoolExecutor}, which the loop is not; it has one thread and no counters.</li>
 *   <li>{@code testGetThreadFactory}, {@code testSetThreadFactory}, {@code testSetThreadFactoryNull}:
 *       the loop's thread is the caller's ({@code run}/{@code runForever}) or the one
 *       {@code start()} makes, named after the loop; there is no factory.</li>
 *   <li>{@code testDefaultRejectedExecutionHandler}: there is no handler to configure; rejection
 *       always throws {@code RejectedExecutionException} (the abort policy), checked below.</li>
 *   <li>{@code testIsTerminating}: a {@code ThreadPoolExecutor} method.</li>
 *   <li>{@code testGetQueue}, {@code testRemove}, {@code testPurge}: the loop exposes no queue;
 *       a cancelled timer is purged from the heap by the loop's own rule (asyncio's), not on demand.</li>
 *   <li>{@code testShutdown_cancellation}'s policy setters
 *       ({@code setExecuteExistingDelayedTasksAfterShutdownPolicy},
 *       {@code setContinueExistingPeriodicTasksAfterShutdownPolicy}, {@code setRemoveOnCancelPolicy}):
 *       the loop has the defaults only (delayed tasks still run after {@code shutdown()}, periodic
 *       ones are cancelled); the default case is checked below.</li>
 *   <li>{@code testSubmitPrivilegedAction}, {@code testSubmitPrivilegedExceptionAction},
 *       {@code testSubmitFailedPrivilegedExceptionAction}: Security Manager actions, nothing of the
 *       executor's own ({@code Executors.callable} wraps them as any callable).</li>
 *   <li>{@code testFixedRateSequence}, {@code testFixedDelaySequence}, {@code testSchedule1..5}
 *       as written: they measure wall-clock time; the same rules are checked on the virtual clock.</li>
 *   <li>{@code testShutdownNow} with a pool of two, {@code testTimedInvokeAll6} with two threads:
 *       with one thread, one task is active at a time, and the tasks behind a task that blocks
 *       past an {@code invokeAll} timeout are cancelled too; the single-thread form is checked.</li>
 *   <li>{@code testSubmittedTasksRejectedWhenShutdown}'s {@code shutdownNow()} with a task that
 *       ignores interrupts: the loop's queues belong to its thread, so {@code shutdownNow()} from
 *       another thread hands the waiting tasks back once the running callback returns (it interrupts
 *       a started loop's thread first); the case is checked with a task that ends when interrupted.</li>
 * </ul>
 * Calling a blocking {@code invokeAll}/{@code invokeAny} or {@code Future.get()} on the loop's own
 * thread deadlocks, as with any single-thread executor; the tests call them from another thread.
 */
class EventLoopExecutorConformanceTest {

    private static final long PATIENCE_SECONDS = 10;
    private static final String TEST_STRING = "a test string";

    private final List<EventLoop> loops = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (EventLoop loop : loops) loop.close();
    }

    private EventLoop started() {
        EventLoop loop = new EventLoop();
        loops.add(loop);
        return loop.start();
    }

    private EventLoop startedOnVirtualClock() {
        EventLoop loop = EventLoop.withVirtualClock();
        loops.add(loop);
        return loop.start();
    }

    private EventLoop notRunning() {
        EventLoop loop = new EventLoop();
        loops.add(loop);
        return loop;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(PATIENCE_SECONDS, SECONDS), "timed out waiting for the loop");
    }

    /** Calls {@code call} on another thread, so that a call that blocks forever fails the test instead of hanging it. */
    private static <T> T bounded(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable error) {
                result.completeExceptionally(error);
            }
        }, "bounded-call");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(PATIENCE_SECONDS, SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /** A task that blocks the loop until released or interrupted; counts its start. */
    private static Runnable blocker(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            try {
                release.await(PATIENCE_SECONDS, SECONDS);
            } catch (InterruptedException shutdownNow) {
                // shutdownNow interrupts a started loop's thread, as ThreadPoolExecutor does its workers
            }
        };
    }

    // ------------------------------------------------------------------------------------------
    // The contract breaks of issue 12 §1

    @Nested
    class Lifecycle {

        @Test
        void startReturnsARunningLoop() {
            for (int i = 0; i < 50; i++) {
                EventLoop loop = started();
                assertTrue(loop.isRunning(), "isRunning() right after start()");
            }
        }

        @Test
        void shutdownBeforeTheLoopFirstParksIsNotLost() throws Exception {
            for (int i = 0; i < 50; i++) {
                EventLoop loop = started();
                loop.shutdown();
                assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS), "terminated after shutdown");
                assertTrue(loop.isTerminated());
            }
        }

        @Test
        void shutdownOfALoopThatIsNotRunningCancelsWhatWasSubmitted() throws Exception {
            EventLoop loop = notRunning();
            Future<Integer> submitted = loop.submit(() -> 42);
            ScheduledFuture<?> delayed = loop.schedule(() -> { }, 1, SECONDS);
            ScheduledFuture<?> periodic = loop.scheduleAtFixedRate(() -> { }, 1, 1, SECONDS);
            loop.shutdown();
            assertTrue(loop.isTerminated());
            for (Future<?> f : List.of(submitted, delayed, periodic)) {
                assertTrue(f.isDone(), "a future of a terminated loop is done: " + f);
                assertTrue(f.isCancelled(), "nobody ran it: it is cancelled");
            }
            assertThrows(CancellationException.class, () -> submitted.get(PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void shutdownNowHaltsAndReturnsTheTasksWaitingInTheReadyQueue() throws Exception {
            EventLoop loop = started();
            CountDownLatch blockerStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            List<Runnable> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) queued.add(ran::incrementAndGet);
            // Queued on the loop thread, so that the four wait in the ready queue behind the blocker.
            loop.execute(() -> {
                loop.execute(blocker(blockerStarted, release));
                queued.forEach(loop::execute);
            });
            await(blockerStarted);
            List<Runnable> returned = bounded(loop::shutdownNow);
            release.countDown();
            assertEquals(queued, returned, "the tasks awaiting execution, in order, as submitted");
            assertTrue(loop.isShutdown());
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertEquals(0, ran.get(), "none of the returned tasks ran");
        }

        @Test
        void shutdownNowReturnsPendingScheduledTasksAsTheirFutures() throws Exception {
            EventLoop loop = started();
            List<ScheduledFuture<?>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Runnable r = () -> { };
                tasks.add(loop.schedule(r, 9, SECONDS));
                tasks.add(loop.scheduleAtFixedRate(r, 9, 9, SECONDS));
                tasks.add(loop.scheduleWithFixedDelay(r, 9, 9, SECONDS));
            }
            List<Runnable> returned = bounded(loop::shutdownNow);
            assertTrue(loop.isShutdown());
            assertEquals(new HashSet<Object>(tasks), new HashSet<Object>(returned));
            assertEquals(tasks.size(), returned.size());
            for (ScheduledFuture<?> task : tasks) {
                assertFalse(task.isDone(), "returned, not run");
                assertFalse(task.isCancelled(), "returned, not cancelled");
            }
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertTrue(loop.isTerminated());
        }

        @Test
        void shutdownNowOfALoopThatIsNotRunningReturnsWhatWasSubmitted() {
            EventLoop loop = notRunning();
            Runnable r = () -> { };
            loop.execute(r);
            Future<?> submitted = loop.submit(() -> { });
            ScheduledFuture<?> delayed = loop.schedule(() -> { }, 1, SECONDS);
            List<Runnable> returned = loop.shutdownNow();
            assertEquals(List.of(r, submitted, delayed), returned);
            assertTrue(loop.isTerminated());
        }

        @Test
        void periodicTasksAreCancelledAndDelayedOnesStillRunAfterShutdown() throws Exception {
            EventLoop loop = startedOnVirtualClock();
            AtomicInteger ticks = new AtomicInteger();
            ScheduledFuture<?> rate = loop.scheduleAtFixedRate(ticks::incrementAndGet, 0, 1, HOURS);
            ScheduledFuture<?> delay = loop.scheduleWithFixedDelay(ticks::incrementAndGet, 0, 1, HOURS);
            ScheduledFuture<String> delayed = loop.schedule(() -> "ran", 5, HOURS);
            loop.shutdown();
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS), "the loop terminates: periodic tasks do not keep it");
            assertTrue(rate.isCancelled(), "periodic: cancelled at shutdown");
            assertTrue(delay.isCancelled(), "periodic: cancelled at shutdown");
            assertThrows(CancellationException.class, () -> rate.get(PATIENCE_SECONDS, SECONDS));
            assertEquals("ran", delayed.get(PATIENCE_SECONDS, SECONDS), "a delayed one-shot still runs after shutdown()");
        }

        @Test
        void aPeriodicTaskRunningWhenTheLoopShutsDownEndsCancelled() throws Exception {
            EventLoop loop = startedOnVirtualClock();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch shutDown = new CountDownLatch(1);
            ScheduledFuture<?> periodic = loop.scheduleWithFixedDelay(() -> {
                inside.countDown();
                try {
                    shutDown.await(PATIENCE_SECONDS, SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, 0, 1, HOURS);
            await(inside);
            loop.shutdown();
            shutDown.countDown();
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertTrue(periodic.isCancelled(), "not re-armed, and not left pending either");
        }

        @Test
        void hugePeriodsAndDelaysSaturateTheReArmDeadline() {
            EventLoop loop = EventLoop.withVirtualClock();
            loops.add(loop);
            AtomicInteger rate = new AtomicInteger(), delay = new AtomicInteger();
            loop.callLater(Duration.ofSeconds(1), loop::stop); // the clock is past 0 before the tasks are scheduled
            loop.runForever();
            // An overflowing deadline is due at once, for ever: stop after a few runs rather than hang.
            ScheduledFuture<?> r = loop.scheduleAtFixedRate(() -> {
                if (rate.incrementAndGet() > 5) loop.stop();
            }, 1, Long.MAX_VALUE, NANOSECONDS);
            ScheduledFuture<?> d = loop.scheduleWithFixedDelay(() -> {
                if (delay.incrementAndGet() > 5) loop.stop();
            }, 0, Long.MAX_VALUE, SECONDS);
            AtomicBoolean later = new AtomicBoolean();
            loop.callLater(Duration.ofHours(1), () -> {
                later.set(true);
                loop.stop();
            });
            loop.runForever();
            assertTrue(later.get(), "another timer still fires");
            assertEquals(1, rate.get(), "ran once, re-armed at the end of time");
            assertEquals(1, delay.get(), "ran once, re-armed at the end of time");
            assertTrue(r.getDelay(NANOSECONDS) > 0 && d.getDelay(NANOSECONDS) > 0);
            r.cancel(false);
            d.cancel(false);
        }

        @Test
        void fixedDelayWithOverflowingDelayDoesNotStopAOneShotTask() throws Exception {
            // TCK testScheduleWithFixedDelay_overflow (JDK-8051859), on the system clock.
            EventLoop loop = started();
            CountDownLatch delayedDone = new CountDownLatch(1);
            CountDownLatch immediateDone = new CountDownLatch(1);
            loop.scheduleWithFixedDelay(() -> {
                delayedDone.countDown();
                loop.schedule(immediateDone::countDown, 1, MILLISECONDS);
            }, 0, Long.MAX_VALUE, SECONDS);
            await(delayedDone);
            await(immediateDone);
        }

        @Test
        void cancelTrueOfARunningSubmittedTaskDoesNotLeaveTheLoopThreadInterrupted() throws Exception {
            EventLoop loop = started();
            CountDownLatch running = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            Future<?> f = loop.submit(() -> {
                running.countDown();
                while (!release.get()) Thread.onSpinWait(); // ignores interrupts: the status stays set
            });
            await(running);
            assertTrue(f.cancel(true));
            release.set(true);
            Future<Boolean> next = loop.submit(() -> Thread.currentThread().isInterrupted());
            assertFalse(next.get(PATIENCE_SECONDS, SECONDS), "the next task does not see the interrupt meant for the cancelled one");
            CompletableFuture<Boolean> idleThenTask = new CompletableFuture<>();
            loop.schedule(() -> idleThenTask.complete(Thread.currentThread().isInterrupted()), 20, MILLISECONDS);
            assertFalse(idleThenTask.get(PATIENCE_SECONDS, SECONDS));
        }
    }

    @Nested
    class LifecycleDetails {

        @Test
        void anInterruptLeftByACancelledTaskDoesNotMakeTheIdleLoopSpin() throws Exception {
            EventLoop loop = started();
            CountDownLatch running = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            Future<?> f = loop.submit(() -> {
                loopThread.set(Thread.currentThread());
                running.countDown();
                while (!release.get()) Thread.onSpinWait(); // ignores interrupts: the status stays set
            });
            await(running);
            assertTrue(f.cancel(true));
            release.set(true);
            // Nothing else to run: the loop must stay parked, not spin on a park() that returns at
            // once (a spinning thread shows WAITING only while inside park(), RUNNABLE in between).
            Thread t = loopThread.get();
            long deadline = System.nanoTime() + SECONDS.toNanos(PATIENCE_SECONDS);
            while (t.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the idle loop never parked: " + t.getState());
                Thread.onSpinWait();
            }
            int awake = 0;
            for (int i = 0; i < 100_000; i++) if (t.getState() != Thread.State.WAITING) awake++;
            assertEquals(0, awake, "samples of the idle loop thread seen out of park()");
        }

        @Test
        void toStringShowsAShutDownLoopUntilItIsClosed() throws Exception {
            EventLoop loop = started();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(blocker(started, release));
            await(started);
            loop.shutdown();
            assertTrue(loop.toString().contains("running, shut down"), loop.toString());
            release.countDown();
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertTrue(loop.toString().contains("closed"), loop.toString());
        }

        @Test
        void tasksAcceptedBeforeShutdownStillRun() throws Exception {
            EventLoop loop = started();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(blocker(started, release));
            Future<String> queued = loop.submit(() -> TEST_STRING);
            await(started);
            loop.shutdown();
            assertFalse(queued.isDone());
            release.countDown();
            assertSame(TEST_STRING, queued.get(PATIENCE_SECONDS, SECONDS));
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void shutdownNowOnTheThreadRunningTheLoopReturnsTheWaitingTasksAndStopsIt() {
            EventLoop loop = notRunning();
            Runnable waiting = () -> { };
            List<List<Runnable>> returned = new ArrayList<>();
            loop.execute(() -> returned.add(loop.shutdownNow()));
            loop.execute(waiting);
            loop.runForever(); // returns: the loop is halted
            assertEquals(List.of(List.of(waiting)), returned);
            assertTrue(loop.isShutdown());
            assertFalse(loop.isTerminated(), "a loop run by the caller's thread terminates when closed");
            loop.close();
            assertTrue(loop.isTerminated());
        }
    }

    // ------------------------------------------------------------------------------------------
    // ScheduledExecutorTest

    @Nested
    class Scheduled {

        @Test
        void executeRunsTheRunnable() throws Exception {
            EventLoop loop = started();
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(done::countDown);
            await(done);
        }

        @Test
        void scheduleRunsTheCallableOnceTheDelayHasPassed() throws Exception {
            EventLoop loop = startedOnVirtualClock();
            long start = loop.time();
            ScheduledFuture<Long> f = loop.schedule(loop::time, 2, SECONDS);
            assertTrue(f.get(PATIENCE_SECONDS, SECONDS) - start >= SECONDS.toNanos(2));
            ScheduledFuture<?> r = loop.schedule(() -> { }, 1, SECONDS);
            assertNull(r.get(PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void fixedRateRunsEveryPeriodFromTheInitialDelay() throws Exception {
            EventLoop loop = startedOnVirtualClock();
            long start = loop.time();
            List<Long> at = new CopyOnWriteArrayList<>();
            CountDownLatch cycles = new CountDownLatch(4);
            ScheduledFuture<?> f = loop.scheduleAtFixedRate(() -> {
                at.add(loop.time() - start);
                cycles.countDown();
            }, 5, 3, SECONDS);
            await(cycles);
            f.cancel(false);
            long s = SECONDS.toNanos(1);
            assertEquals(List.of(5 * s, 8 * s, 11 * s, 14 * s), at.subList(0, 4));
        }

        @Test
        void fixedDelayRunsTheDelayAfterEachRunEnds() throws Exception {
            EventLoop loop = startedOnVirtualClock();
            long start = loop.time();
            List<Long> at = new CopyOnWriteArrayList<>();
            CountDownLatch cycles = new CountDownLatch(3);
            ScheduledFuture<?> f = loop.scheduleWithFixedDelay(() -> {
                at.add(loop.time() - start);
                cycles.countDown();
            }, 0, 2, SECONDS);
            await(cycles);
            f.cancel(false);
            long s = SECONDS.toNanos(1);
            assertEquals(List.of(0L, 2 * s, 4 * s), at.subList(0, 3));
        }

        @Test
        void nullTasksThrowNullPointerException() {
            EventLoop loop = notRunning();
            Runnable nullRunnable = null;
            Callable<?> nullCallable = null;
            List<Executable> calls = List.of(
                    () -> loop.execute(null),
                    () -> loop.submit(nullRunnable),
                    () -> loop.submit(nullRunnable, Boolean.TRUE),
                    () -> loop.submit(nullCallable),
                    () -> loop.schedule(nullRunnable, 1, SECONDS),
                    () -> loop.schedule(nullCallable, 1, SECONDS),
                    () -> loop.scheduleAtFixedRate(null, 1, 1, SECONDS),
                    () -> loop.scheduleWithFixedDelay(null, 1, 1, SECONDS));
            for (Executable call : calls) assertThrows(NullPointerException.class, call);
        }

        @Test
        void submittedTasksAreRejectedWhenShutdown() throws Exception {
            for (boolean now : new boolean[] {false, true}) {
                EventLoop loop = started();
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<?> blocking = loop.submit(blocker(started, release));
                await(started);
                if (now) bounded(loop::shutdownNow);
                else loop.shutdown();
                assertRejected(loop);
                if (!now) assertFalse(loop.isTerminated(), "shut down, a task still running");
                release.countDown();
                assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
                assertTrue(blocking.isDone());
                assertRejected(loop);
            }
        }

        private void assertRejected(EventLoop loop) {
            Runnable r = () -> { };
            List<Executable> calls = List.of(
                    () -> loop.execute(r),
                    () -> loop.submit(r),
                    () -> loop.submit(() -> 1),
                    () -> loop.schedule(r, 1, SECONDS),
                    () -> loop.scheduleAtFixedRate(r, 1, 1, SECONDS),
                    () -> loop.scheduleWithFixedDelay(r, 1, 1, SECONDS));
            for (Executable call : calls) assertThrows(RejectedExecutionException.class, call);
        }

        @Test
        void isShutdownIsFalseBeforeShutdownAndTrueAfter() {
            EventLoop loop = started();
            assertFalse(loop.isShutdown());
            loop.shutdown();
            assertTrue(loop.isShutdown());
        }

        @Test
        void isTerminatedIsFalseWhileATaskRunsAndTrueOnceShutDownAndDone() throws Exception {
            EventLoop loop = started();
            assertFalse(loop.isTerminated());
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            AtomicBoolean terminatedInside = new AtomicBoolean(true);
            loop.execute(() -> {
                terminatedInside.set(loop.isTerminated());
                started.countDown();
                try {
                    done.await(PATIENCE_SECONDS, SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(started);
            assertFalse(loop.isTerminated());
            loop.shutdown();
            assertFalse(loop.isTerminated(), "a task still runs");
            done.countDown();
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertTrue(loop.isTerminated());
            assertFalse(terminatedInside.get());
        }

        @Test
        void awaitTerminationReturnsFalseWhenTheTimeoutElapsesFirst() throws Exception {
            EventLoop loop = started();
            assertFalse(loop.awaitTermination(1, MILLISECONDS));
            assertFalse(loop.awaitTermination(0, SECONDS));
        }

        @Test
        void awaitTerminationWithTheLongestTimeoutWaitsForTermination() throws Exception {
            EventLoop loop = started();
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    release.await(PATIENCE_SECONDS, SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.shutdown();
            CompletableFuture<Boolean> awaited = CompletableFuture.supplyAsync(() -> {
                try {
                    return loop.awaitTermination(Long.MAX_VALUE, NANOSECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            });
            release.countDown();
            assertTrue(awaited.get(PATIENCE_SECONDS, SECONDS), "now + Long.MAX_VALUE wraps, and so does the time left: it still waits");
        }

        @Test
        void shutdownNowInterruptsTheTaskRunningOnAStartedLoop() throws Exception {
            EventLoop loop = started();
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            loop.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(PATIENCE_SECONDS, SECONDS);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            });
            await(started);
            bounded(loop::shutdownNow);
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, SECONDS));
            assertTrue(interrupted.get());
        }
    }

    // ------------------------------------------------------------------------------------------
    // AbstractExecutorServiceTest (submit and invoke*)

    @Nested
    class Submitting {

        @Test
        void submitRunnableCompletesWithNull() throws Exception {
            EventLoop loop = started();
            AtomicBoolean done = new AtomicBoolean();
            Future<?> f = loop.submit(() -> done.set(true));
            assertNull(f.get(PATIENCE_SECONDS, SECONDS));
            assertTrue(done.get());
            assertTrue(f.isDone());
            assertFalse(f.isCancelled());
        }

        @Test
        void submitCallableCompletesWithItsResult() throws Exception {
            EventLoop loop = started();
            assertSame(TEST_STRING, loop.submit(() -> TEST_STRING).get(PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void submitRunnableWithResultCompletesWithTheResult() throws Exception {
            EventLoop loop = started();
            assertSame(TEST_STRING, loop.submit(() -> { }, TEST_STRING).get(PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void getOfAFailedSubmitThrowsExecutionException() throws Exception {
            EventLoop loop = started();
            Future<Object> f = loop.submit(() -> {
                throw new ArithmeticException();
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(PATIENCE_SECONDS, SECONDS));
            assertInstanceOf(ArithmeticException.class, e.getCause());
        }

        @Test
        void getOfASubmitThrowsInterruptedExceptionWhenTheWaiterIsInterrupted() throws Exception {
            EventLoop loop = started();
            CountDownLatch quittingTime = new CountDownLatch(1);
            CountDownLatch submitted = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread t = new Thread(() -> {
                Future<Void> f = loop.submit(() -> {
                    quittingTime.await(PATIENCE_SECONDS, SECONDS);
                    return null;
                });
                submitted.countDown();
                try {
                    f.get();
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            t.start();
            await(submitted);
            t.interrupt();
            t.join(SECONDS.toMillis(PATIENCE_SECONDS));
            quittingTime.countDown();
            assertInstanceOf(InterruptedException.class, outcome.get());
        }

        @Test
        void invokeAnyAndInvokeAllRejectNullsAndEmptyCollections() {
            EventLoop loop = started();
            List<Callable<String>> withNull = new ArrayList<>();
            withNull.add(() -> {
                throw new ArithmeticException(); // so that invokeAny goes on to the null
            });
            withNull.add(null);
            List<Callable<String>> empty = List.of();
            assertThrows(NullPointerException.class, () -> loop.invokeAny(null));
            assertThrows(NullPointerException.class, () -> loop.invokeAny(null, 1, SECONDS));
            assertThrows(NullPointerException.class, () -> loop.invokeAny(List.of(() -> TEST_STRING), 1, null));
            assertThrows(IllegalArgumentException.class, () -> loop.invokeAny(empty));
            assertThrows(IllegalArgumentException.class, () -> loop.invokeAny(empty, 1, SECONDS));
            assertThrows(NullPointerException.class, () -> loop.invokeAny(withNull));
            assertThrows(NullPointerException.class, () -> loop.invokeAny(withNull, 1, SECONDS));
            assertThrows(NullPointerException.class, () -> loop.invokeAll(null));
            assertThrows(NullPointerException.class, () -> loop.invokeAll(null, 1, SECONDS));
            assertThrows(NullPointerException.class, () -> loop.invokeAll(List.of(() -> TEST_STRING), 1, null));
            assertThrows(NullPointerException.class, () -> loop.invokeAll(withNull));
            assertThrows(NullPointerException.class, () -> loop.invokeAll(withNull, 1, SECONDS));
        }

        @Test
        void invokeAllOfAnEmptyCollectionReturnsAnEmptyList() throws Exception {
            EventLoop loop = started();
            Collection<Callable<String>> empty = List.of();
            assertTrue(loop.invokeAll(empty).isEmpty());
            assertTrue(loop.invokeAll(empty, 1, SECONDS).isEmpty());
        }

        @Test
        void invokeAnyThrowsExecutionExceptionIfNoTaskCompletes() {
            EventLoop loop = started();
            List<Callable<String>> l = List.of(() -> {
                throw new NullPointerException();
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> loop.invokeAny(l));
            assertInstanceOf(NullPointerException.class, e.getCause());
            e = assertThrows(ExecutionException.class, () -> loop.invokeAny(l, PATIENCE_SECONDS, SECONDS));
            assertInstanceOf(NullPointerException.class, e.getCause());
        }

        @Test
        void invokeAnyReturnsTheResultOfSomeTask() throws Exception {
            EventLoop loop = started();
            List<Callable<String>> l = List.of(() -> TEST_STRING, () -> TEST_STRING);
            assertSame(TEST_STRING, loop.invokeAny(l));
            assertSame(TEST_STRING, loop.invokeAny(l, PATIENCE_SECONDS, SECONDS));
        }

        @Test
        void invokeAllReturnsEveryOutcome() throws Exception {
            EventLoop loop = started();
            List<Callable<String>> ok = List.of(() -> TEST_STRING, () -> TEST_STRING);
            for (List<Future<String>> futures : List.of(loop.invokeAll(ok), loop.invokeAll(ok, PATIENCE_SECONDS, SECONDS))) {
                assertEquals(2, futures.size());
                for (Future<String> f : futures) assertSame(TEST_STRING, f.get());
            }
            List<Callable<String>> failing = List.of(() -> {
                throw new NullPointerException();
            });
            for (List<Future<String>> futures : List.of(loop.invokeAll(failing), loop.invokeAll(failing, PATIENCE_SECONDS, SECONDS))) {
                assertEquals(1, futures.size());
                ExecutionException e = assertThrows(ExecutionException.class, () -> futures.get(0).get());
                assertInstanceOf(NullPointerException.class, e.getCause());
            }
        }

        @Test
        void timedInvokeAllCancelsTheTasksNotDoneByTheTimeout() throws Exception {
            EventLoop loop = started();
            CountDownLatch done = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            List<Callable<String>> tasks = List.of(
                    () -> "0",
                    () -> {
                        try {
                            done.await(PATIENCE_SECONDS, SECONDS);
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                        }
                        return "1";
                    },
                    () -> "2");
            List<Future<String>> futures = loop.invokeAll(tasks, 50, MILLISECONDS);
            done.countDown();
            assertEquals(3, futures.size());
            for (Future<String> f : futures) assertTrue(f.isDone());
            assertEquals("0", futures.get(0).get());
            assertTrue(futures.get(1).isCancelled());
            assertTrue(futures.get(2).isCancelled(), "behind the blocked task on the one thread: cancelled too");
            // cancel(true) interrupted the loop thread; the next task must not see it.
            assertFalse(loop.submit(() -> Thread.currentThread().isInterrupted()).get(PATIENCE_SECONDS, SECONDS));
        }
    }
}
