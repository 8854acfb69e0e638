package dev.asyncio4j;

import static dev.asyncio4j.Testing.runOneIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md §1.1 (scheduling) and §13.1-13.3, §13.5 (EventLoop). Loops are driven as asyncio's
 * own tests drive them: callbacks queued with {@code callSoon}, one iteration at a time with
 * {@code stop(); runForever()}, and a virtual clock for anything timed.
 */
class EventLoopTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    /** How long a test waits for another thread before it fails; never slept, only a bound. */
    private static final long PATIENCE_SECONDS = 10;

    private final List<EventLoop> loops = new ArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (EventLoop loop : loops) {
            if (!loop.inLoopThread() && loop.isRunning()) loop.stop();
            try {
                loop.close();
            } catch (IllegalStateException ignored) {
                // a test left it running on this thread: nothing more to do
            }
        }
        pools.forEach(ExecutorService::shutdownNow);
    }

    private EventLoop virtualLoop() {
        EventLoop loop = EventLoop.withVirtualClock();
        loops.add(loop);
        return loop;
    }

    private EventLoop systemLoop() {
        EventLoop loop = new EventLoop();
        loops.add(loop);
        return loop;
    }

    private ExecutorService singleThreadPool() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pools.add(pool);
        return pool;
    }


    /** Waits (bounded) until {@code condition} holds; for conditions on other threads only. */
    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** The thread running {@code loop} (started with start()), read on the loop itself. */
    static Thread loopThread(EventLoop loop) throws Exception {
        CompletableFuture<Thread> t = new CompletableFuture<>();
        loop.callSoon(() -> t.complete(Thread.currentThread()));
        return t.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    /** Captures what the loop logs through java.util.logging (the System.Logger backend). */
    static final class LogCapture extends Handler implements AutoCloseable {
        private static final Logger LOGGER = Logger.getLogger("dev.asyncio4j.EventLoop");
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final boolean useParent = LOGGER.getUseParentHandlers();
        private final Level level = LOGGER.getLevel();

        LogCapture() {
            LOGGER.setUseParentHandlers(false);
            LOGGER.setLevel(Level.ALL);
            LOGGER.addHandler(this);
        }

        List<LogRecord> at(Level wanted) {
            List<LogRecord> out = new ArrayList<>();
            for (LogRecord r : records) if (r.getLevel().equals(wanted)) out.add(r);
            return out;
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            LOGGER.removeHandler(this);
            LOGGER.setUseParentHandlers(useParent);
            LOGGER.setLevel(level);
        }
    }

    // =============================================================================================
    @Nested
    class Scheduling {

        @Test
        void readyQueueIsFifo() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            for (String s : List.of("a", "b", "c", "d")) loop.callSoon(() -> log.add(s));
            loop.execute(() -> log.add("e"));
            loop.callSoon(() -> log.add("f"));
            runOneIteration(loop);
            assertEquals(List.of("a", "b", "c", "d", "e", "f"), log);
        }

        @Test
        void iterationRunsExactlyTheCallbacksQueuedWhenItBegan() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> {
                log.add("a");
                loop.callSoon(() -> log.add("a-child"));
            });
            loop.callSoon(() -> log.add("b"));
            runOneIteration(loop);
            assertEquals(List.of("a", "b"), log);
            runOneIteration(loop);
            assertEquals(List.of("a", "b", "a-child"), log);
        }

        @Test
        void dueTimersMoveToTheTailEarliestFirst() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callAt(0, () -> log.add("timer@0"));
            loop.callAt(-5, () -> log.add("timer@-5"));
            loop.callSoon(() -> log.add("ready"));
            loop.callAt(-10, () -> {
                log.add("timer@-10");
                loop.callSoon(() -> log.add("scheduled-by-timer"));
            });
            runOneIteration(loop);
            assertEquals(List.of("ready", "timer@-10", "timer@-5", "timer@0"), log);
            runOneIteration(loop);
            assertEquals("scheduled-by-timer", log.get(4));
        }

        @Test
        void timersNotYetDueStayInTheHeap() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callAt(1, () -> log.add("later"));
            loop.callSoon(() -> log.add("now"));
            runOneIteration(loop);
            assertEquals(List.of("now"), log);
            assertEquals(0, loop.time());
        }

        @Test
        void equalDeadlinesFireInSchedulingOrder() {
            EventLoop loop = virtualLoop();
            List<Integer> log = new ArrayList<>();
            int n = 64; // enough to defeat any accidental ordering of a binary heap
            for (int i = 0; i < n; i++) {
                int id = i;
                loop.callAt(7 * MS, () -> log.add(id));
                loop.callAt(3 * MS, () -> log.add(1000 + id));
            }
            loop.callAt(7 * MS, loop::stop);
            loop.runForever();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) expected.add(1000 + i);
            for (int i = 0; i < n; i++) expected.add(i);
            assertEquals(expected, log);
        }

        @Test
        void cancelledCallSoonHandleNeverRuns() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> log.add("a"));
            Handle b = loop.callSoon(() -> log.add("b"));
            loop.callSoon(() -> log.add("c"));
            assertFalse(b.cancelled());
            b.cancel();
            assertTrue(b.cancelled());
            runOneIteration(loop);
            assertEquals(List.of("a", "c"), log);
        }

        @Test
        void cancelledTimerHandleNeverRuns() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            TimerHandle first = loop.callLater(Duration.ofSeconds(1), () -> log.add("1s"));
            loop.callLater(Duration.ofSeconds(2), () -> {
                log.add("2s");
                loop.stop();
            });
            first.cancel();
            assertTrue(first.cancelled());
            loop.runForever();
            assertEquals(List.of("2s"), log);
            assertEquals(2 * SECOND, loop.time());
        }

        @Test
        void callbackCancelledByAnEarlierCallbackOfTheSameIterationNeverRuns() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            AtomicReference<Handle> victim = new AtomicReference<>();
            loop.callSoon(() -> victim.get().cancel());
            victim.set(loop.callSoon(() -> log.add("victim")));
            loop.callSoon(() -> log.add("survivor"));
            runOneIteration(loop);
            assertEquals(List.of("survivor"), log);
        }

        @Test
        void callSoonFromAnotherThreadWakesALoopSleepingWithNothingToDo() throws Exception {
            EventLoop loop = virtualLoop().start();
            Thread t = loopThread(loop);
            awaitCondition("the loop sleeps", () -> t.getState() == Thread.State.WAITING);
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            loop.callSoon(() -> ran.complete(loop.inLoopThread()));
            assertTrue(ran.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }

        @Test
        void callSoonFromAnotherThreadWakesALoopSleepingUntilAFarDeadline() throws Exception {
            EventLoop loop = systemLoop().start();
            Thread t = loopThread(loop);
            loop.callLater(Duration.ofHours(1), () -> { });
            awaitCondition("the loop sleeps until the deadline", () -> t.getState() == Thread.State.TIMED_WAITING);
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            loop.callSoon(() -> ran.complete(loop.inLoopThread()));
            assertTrue(ran.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }

        @Test
        void callsFromAnotherThreadJoinTheReadyQueueInTheOrderTheyHappen() throws Exception {
            EventLoop loop = virtualLoop().start();
            List<Integer> log = new ArrayList<>();
            CompletableFuture<List<Integer>> done = new CompletableFuture<>();
            for (int i = 0; i < 1000; i++) {
                int id = i;
                loop.callSoon(() -> log.add(id));
            }
            loop.callSoon(() -> done.complete(new ArrayList<>(log)));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) expected.add(i);
            assertEquals(expected, done.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }
    }

    // =============================================================================================
    @Nested
    class ClockAndTimers {

        @Test
        void virtualClockStartsAtZeroAndJumpsToTheNextDeadline() {
            EventLoop loop = virtualLoop();
            assertEquals(0, loop.time());
            List<Long> seen = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(30), () -> seen.add(loop.time()));
            loop.callLater(Duration.ofDays(1), () -> {
                seen.add(loop.time());
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of(30 * SECOND, TimeUnit.DAYS.toNanos(1)), seen);
        }

        @Test
        void virtualClockDoesNotJumpWhileCallbacksAreReady() {
            EventLoop loop = virtualLoop();
            List<Long> seen = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(1), () -> {
                seen.add(-1L);
                loop.stop();
            });
            AtomicInteger rounds = new AtomicInteger();
            Runnable again = new Runnable() {
                @Override
                public void run() {
                    seen.add(loop.time());
                    if (rounds.incrementAndGet() < 3) loop.callSoon(this);
                }
            };
            loop.callSoon(again);
            loop.runForever();
            assertEquals(List.of(0L, 0L, 0L, -1L), seen);
        }

        @Test
        void newEventLoopUsesTheMonotonicSystemClock() {
            EventLoop loop = systemLoop();
            long before = System.nanoTime();
            long now = loop.time();
            long after = System.nanoTime();
            assertTrue(before <= now && now <= after, () -> before + " <= " + now + " <= " + after);
        }

        @Test
        void callLaterIsCallAtTimePlusDelay() {
            EventLoop loop = virtualLoop();
            loop.callLater(Duration.ofMillis(250), () -> {
                TimerHandle h = loop.callLater(Duration.ofMillis(40), () -> { });
                assertEquals(290 * MS, h.when());
                loop.stop();
            });
            loop.runForever();
            assertEquals(250 * MS, loop.time());
        }

        @Test
        void callAtUsesTheAbsoluteDeadlineAndReportsItAsWhen() {
            EventLoop loop = virtualLoop();
            List<Long> seen = new ArrayList<>();
            TimerHandle h = loop.callAt(123_456_789L, () -> {
                seen.add(loop.time());
                loop.stop();
            });
            assertEquals(123_456_789L, h.when());
            loop.runForever();
            assertEquals(List.of(123_456_789L), seen);
        }


        @Test
        void zeroAndNegativeDelaysAreDueAtOnceButGoThroughTheTimerHeap() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            List<Long> whens = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(5), () -> {
                loop.callSoon(() -> log.add("soon-1"));
                whens.add(loop.callLater(Duration.ZERO, () -> log.add("zero")).when());
                whens.add(loop.callLater(Duration.ofSeconds(-1), () -> log.add("negative")).when());
                loop.callSoon(() -> log.add("soon-2"));
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of(5 * SECOND, 4 * SECOND), whens);
            runOneIteration(loop);
            // Ready callbacks first, then the due timers by deadline: the timers did not join the
            // ready queue when they were scheduled.
            assertEquals(List.of("soon-1", "soon-2", "negative", "zero"), log);
            assertEquals(5 * SECOND, loop.time());
        }

        @Test
        void cancellingAHandleThatAlreadyRanChangesNothing() {
            EventLoop loop = virtualLoop();
            AtomicInteger runs = new AtomicInteger();
            Handle h = loop.callSoon(runs::incrementAndGet);
            TimerHandle t = loop.callAt(0, runs::incrementAndGet);
            runOneIteration(loop);
            assertEquals(2, runs.get());
            h.cancel();
            t.cancel();
            List<String> after = new ArrayList<>();
            loop.callSoon(() -> after.add("next"));
            runOneIteration(loop);
            assertEquals(2, runs.get());
            assertEquals(List.of("next"), after);
        }

        @Test
        void scheduleRunsOnALoopTimerOnTheVirtualClock() throws Exception {
            EventLoop loop = virtualLoop();
            List<Long> seen = new ArrayList<>();
            ScheduledFuture<String> f = loop.schedule(() -> {
                seen.add(loop.time());
                assertTrue(loop.inLoopThread());
                return "done";
            }, 3, TimeUnit.SECONDS);
            ScheduledFuture<?> g = loop.schedule(() -> {
                seen.add(loop.time());
                loop.stop();
            }, 4, TimeUnit.SECONDS);
            loop.runForever();
            assertEquals(List.of(3 * SECOND, 4 * SECOND), seen);
            assertEquals("done", f.get());
            assertTrue(g.isDone());
        }

        @Test
        void scheduleAtFixedRateRunsEveryPeriodOnTheVirtualClockUntilCancelled() {
            EventLoop loop = virtualLoop();
            List<Long> seen = new ArrayList<>();
            AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
            self.set(loop.scheduleAtFixedRate(() -> {
                seen.add(loop.time());
                if (seen.size() == 3) self.get().cancel(false);
            }, 5, 10, TimeUnit.MILLISECONDS));
            loop.callLater(Duration.ofHours(1), loop::stop);
            loop.runForever();
            assertEquals(List.of(5 * MS, 15 * MS, 25 * MS), seen);
            assertTrue(self.get().isCancelled());
            assertEquals(TimeUnit.HOURS.toNanos(1), loop.time());
        }

        @Test
        void scheduleWithFixedDelayRunsAfterEachDelayOnTheVirtualClock() {
            EventLoop loop = virtualLoop();
            List<Long> seen = new ArrayList<>();
            AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
            self.set(loop.scheduleWithFixedDelay(() -> {
                seen.add(loop.time());
                if (seen.size() == 3) {
                    self.get().cancel(false);
                    loop.stop();
                }
            }, 1, 2, TimeUnit.SECONDS));
            loop.runForever();
            assertEquals(List.of(1 * SECOND, 3 * SECOND, 5 * SECOND), seen);
        }

        @Test
        void cancellingAScheduledFutureCancelsItsTimer() {
            EventLoop loop = virtualLoop();
            AtomicBoolean ran = new AtomicBoolean();
            ScheduledFuture<?> f = loop.schedule(() -> ran.set(true), 1, TimeUnit.SECONDS);
            assertTrue(f.cancel(false));
            loop.callLater(Duration.ofSeconds(2), loop::stop);
            loop.runForever();
            assertFalse(ran.get());
        }

        @Test
        void schedulePeriodRejectsNonPositivePeriods() {
            EventLoop loop = virtualLoop();
            assertThrows(IllegalArgumentException.class, () -> loop.scheduleAtFixedRate(() -> { }, 0, 0, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> loop.scheduleWithFixedDelay(() -> { }, 0, -1, TimeUnit.SECONDS));
        }

        @Test
        void callsOnAClosedLoopThrowIllegalStateException() {
            EventLoop loop = virtualLoop();
            loop.close();
            assertTrue(loop.isClosed());
            assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
            assertThrows(IllegalStateException.class, () -> loop.callLater(Duration.ZERO, () -> { }));
            assertThrows(IllegalStateException.class, () -> loop.callAt(0, () -> { }));
            assertThrows(IllegalStateException.class, () -> loop.createTask(() -> CompletableFuture.completedFuture(1)));
            assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
            assertThrows(IllegalStateException.class, loop::runForever);
            assertThrows(IllegalStateException.class, loop::start);
            assertThrows(IllegalStateException.class, () -> loop.run(() -> CompletableFuture.completedFuture(1)));
        }

        @Test
        void shutdownRejectsExecuteSubmitAndSchedule() {
            EventLoop loop = virtualLoop();
            loop.shutdown();
            assertTrue(loop.isShutdown());
            assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
            assertThrows(RejectedExecutionException.class, () -> loop.submit(() -> 1));
            assertThrows(RejectedExecutionException.class, () -> loop.submit(() -> { }));
            assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> { }, 1, TimeUnit.SECONDS));
            assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> 1, 1, TimeUnit.SECONDS));
            assertThrows(RejectedExecutionException.class,
                    () -> loop.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS));
            assertThrows(RejectedExecutionException.class,
                    () -> loop.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.SECONDS));
        }

        @Test
        void shutdownOfAStartedLoopRejectsNewWorkAndTerminatesOnceIdle() throws Exception {
            EventLoop loop = virtualLoop().start();
            loopThread(loop);
            loop.shutdown();
            assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
            assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> { }, 1, TimeUnit.SECONDS));
            assertTrue(loop.awaitTermination(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertTrue(loop.isTerminated());
            assertTrue(loop.isClosed());
        }

        @Test
        void nullArgumentsThrowNullPointerException() {
            EventLoop loop = virtualLoop();
            assertThrows(NullPointerException.class, () -> loop.callSoon(null));
            assertThrows(NullPointerException.class, () -> loop.execute(null));
            assertThrows(NullPointerException.class, () -> loop.callLater(null, () -> { }));
            assertThrows(NullPointerException.class, () -> loop.callLater(Duration.ZERO, null));
            assertThrows(NullPointerException.class, () -> loop.callAt(0, null));
            assertThrows(NullPointerException.class, () -> loop.schedule((Runnable) null, 1, TimeUnit.SECONDS));
            assertThrows(NullPointerException.class,
                    () -> loop.schedule((java.util.concurrent.Callable<?>) null, 1, TimeUnit.SECONDS));
            assertThrows(NullPointerException.class, () -> loop.scheduleAtFixedRate(null, 1, 1, TimeUnit.SECONDS));
            assertThrows(NullPointerException.class, () -> loop.scheduleWithFixedDelay(null, 1, 1, TimeUnit.SECONDS));
        }
    }

    // =============================================================================================
    @Nested
    class ExceptionHandlerAndDebug {

        @Test
        void callbackThatThrowsGoesToTheHandlerAndTheLoopGoesOn() {
            EventLoop loop = virtualLoop();
            List<Object> seen = new ArrayList<>();
            RuntimeException boom = new RuntimeException("boom");
            loop.setExceptionHandler((l, e) -> {
                seen.add(l);
                seen.add(e);
            });
            loop.callSoon(() -> seen.add("before"));
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> seen.add("after"));
            runOneIteration(loop);
            assertEquals(List.of("before", loop, boom, "after"), seen);
        }

        @Test
        void timerThatThrowsGoesToTheHandler() {
            EventLoop loop = virtualLoop();
            List<Throwable> seen = new ArrayList<>();
            loop.setExceptionHandler((l, e) -> seen.add(e));
            Error error = new AssertionError("from a timer");
            loop.callLater(Duration.ofSeconds(1), () -> {
                throw error;
            });
            loop.callLater(Duration.ofSeconds(2), loop::stop);
            loop.runForever();
            assertEquals(List.of(error), seen);
        }

        @Test
        void defaultHandlerLogsTheError() {
            EventLoop loop = virtualLoop();
            RuntimeException boom = new RuntimeException("boom");
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(() -> {
                    throw boom;
                });
                runOneIteration(loop);
                List<LogRecord> severe = log.at(Level.SEVERE);
                assertEquals(1, severe.size());
                assertSame(boom, severe.get(0).getThrown());
            }
        }

        @Test
        void handlerThatThrowsIsLoggedAndTheLoopGoesOn() {
            EventLoop loop = virtualLoop();
            RuntimeException boom = new RuntimeException("boom");
            RuntimeException handlerFailure = new RuntimeException("handler failed");
            List<String> seen = new ArrayList<>();
            loop.setExceptionHandler((l, e) -> {
                throw handlerFailure;
            });
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(() -> {
                    throw boom;
                });
                loop.callSoon(() -> seen.add("after"));
                runOneIteration(loop);
                assertEquals(List.of("after"), seen);
                List<LogRecord> severe = log.at(Level.SEVERE);
                assertEquals(1, severe.size());
                Throwable logged = severe.get(0).getThrown();
                assertSame(handlerFailure, logged);
                assertEquals(List.of(boom), List.of(logged.getSuppressed()));
            }
        }

        @Test
        void setExceptionHandlerNullRestoresTheDefault() {
            EventLoop loop = virtualLoop();
            List<Throwable> custom = new ArrayList<>();
            loop.setExceptionHandler((l, e) -> custom.add(e));
            loop.setExceptionHandler(null);
            RuntimeException boom = new RuntimeException("boom");
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(() -> {
                    throw boom;
                });
                runOneIteration(loop);
                assertEquals(List.of(), custom);
                List<LogRecord> severe = log.at(Level.SEVERE);
                assertEquals(1, severe.size());
                assertSame(boom, severe.get(0).getThrown());
            }
        }

        @Test
        void debugModeWarnsAboutACallbackSlowerThan100Ms() {
            EventLoop loop = virtualLoop();
            loop.setDebug(true);
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(() -> { });
                loop.callSoon(EventLoopTest::spendMoreThan100Ms);
                runOneIteration(loop);
                List<LogRecord> warnings = log.at(Level.WARNING);
                assertEquals(1, warnings.size(), () -> "warnings: " + log.records);
                assertTrue(warnings.get(0).getMessage().contains("took"), warnings.get(0).getMessage());
            }
        }

        @Test
        void withoutDebugModeASlowCallbackIsNotReported() {
            EventLoop loop = virtualLoop();
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(EventLoopTest::spendMoreThan100Ms);
                runOneIteration(loop);
                assertEquals(List.of(), log.records);
            }
        }
    }

    /** A deliberately slow callback: it busy-waits 150 ms of real time (the loop measures real time). */
    static void spendMoreThan100Ms() {
        long end = System.nanoTime() + 150 * MS;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    // =============================================================================================
    @Nested
    class RunStopStartClose {

        @Test
        void runForeverRunsIterationsUntilStop() {
            EventLoop loop = virtualLoop();
            List<Integer> log = new ArrayList<>();
            Runnable step = new Runnable() {
                @Override
                public void run() {
                    log.add(log.size());
                    if (log.size() < 5) loop.callSoon(this);
                    else loop.stop();
                }
            };
            loop.callSoon(step);
            loop.runForever();
            assertEquals(List.of(0, 1, 2, 3, 4), log);
            assertFalse(loop.isRunning());
        }

        @Test
        void stopFinishesTheCurrentIterationAndLeavesLaterCallbacksForTheNextRun() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> {
                log.add("a");
                loop.stop();
                loop.callSoon(() -> log.add("next-run"));
            });
            loop.callSoon(() -> log.add("b")); // same iteration: still runs
            loop.runForever();
            assertEquals(List.of("a", "b"), log);
            runOneIteration(loop);
            assertEquals(List.of("a", "b", "next-run"), log);
        }

        @Test
        void stopBeforeRunForeverRunsExactlyOneIteration() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> {
                log.add("first");
                loop.callSoon(() -> log.add("second"));
            });
            loop.stop();
            loop.runForever();
            assertEquals(List.of("first"), log);
        }

        @Test
        void stopBeforeRunForeverDoesNotAdvanceTheVirtualClock() {
            EventLoop loop = virtualLoop();
            List<String> log = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(1), () -> log.add("timer"));
            runOneIteration(loop);
            assertEquals(List.of(), log);
            assertEquals(0, loop.time());
        }

        @Test
        void runForeverWhileRunningThrows() {
            EventLoop loop = virtualLoop();
            List<Throwable> errors = new ArrayList<>();
            loop.callSoon(() -> {
                errors.add(assertThrows(IllegalStateException.class, loop::runForever));
                errors.add(assertThrows(IllegalStateException.class, () -> loop.run(() -> CompletableFuture.completedFuture(1))));
            });
            runOneIteration(loop);
            assertEquals(2, errors.size());
        }

        @Test
        void runForeverWhileAnotherLoopRunsOnThisThreadThrows() {
            EventLoop outer = virtualLoop();
            EventLoop inner = virtualLoop();
            List<Throwable> errors = new ArrayList<>();
            outer.callSoon(() -> errors.add(assertThrows(IllegalStateException.class, inner::runForever)));
            runOneIteration(outer);
            assertEquals(1, errors.size());
            assertFalse(inner.isRunning());
        }

        @Test
        void runReturnsTheValueOfACompletedStage() {
            EventLoop loop = virtualLoop();
            assertEquals("value", loop.run(() -> CompletableFuture.completedFuture("value")));
            assertFalse(loop.isRunning());
        }

        @Test
        void startRunsTheLoopOnANewThreadNamedAfterTheLoopAndReturnsIt() throws Exception {
            EventLoop loop = virtualLoop();
            assertSame(loop, loop.start());
            Thread t = loopThread(loop);
            assertNotSame(Thread.currentThread(), t);
            assertTrue(loop.isRunning());
            assertTrue(t.getName().startsWith("asyncio4j-loop-"), t.getName());
            assertTrue(loop.toString().contains(t.getName() + ","), loop + " names " + t.getName());
            assertThrows(IllegalStateException.class, loop::start);
            assertThrows(IllegalStateException.class, loop::runForever);
        }

        @Test
        void runningReturnsTheLoopOfThisThreadAndInLoopThreadSaysSo() {
            EventLoop loop = virtualLoop();
            List<Object> seen = new ArrayList<>();
            loop.callSoon(() -> {
                seen.add(EventLoop.running());
                seen.add(loop.inLoopThread());
                seen.add(loop.isRunning());
            });
            runOneIteration(loop);
            assertEquals(List.of(loop, true, true), seen);
            assertFalse(loop.inLoopThread());
            assertFalse(loop.isRunning());
        }

        @Test
        void runningWithNoLoopOnThisThreadThrows() {
            assertThrows(IllegalStateException.class, EventLoop::running);
        }

        @Test
        void runningOnAStartedLoopThreadIsThatLoop() throws Exception {
            EventLoop loop = virtualLoop().start();
            CompletableFuture<EventLoop> seen = new CompletableFuture<>();
            loop.callSoon(() -> seen.complete(EventLoop.running()));
            assertSame(loop, seen.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertFalse(loop.inLoopThread());
        }

        @Test
        void twoLoopsRunningAtOnceEachSeeTheirOwnLoop() throws Exception {
            EventLoop outer = virtualLoop();
            List<Object> seen = new ArrayList<>();
            outer.callSoon(() -> {
                EventLoop other = virtualLoop().start(); // started after this one, on its own thread
                try {
                    CompletableFuture<EventLoop> there = new CompletableFuture<>();
                    other.callSoon(() -> there.complete(EventLoop.running()));
                    seen.add(there.get(PATIENCE_SECONDS, TimeUnit.SECONDS) == other);
                    seen.add(EventLoop.running() == outer); // this thread's loop still, not the latest started
                } catch (Exception e) {
                    seen.add(e);
                } finally {
                    other.close();
                }
                seen.add(EventLoop.running() == outer); // after the other loop ended
            });
            runOneIteration(outer);
            assertEquals(List.of(true, true, true), seen);
            assertThrows(IllegalStateException.class, EventLoop::running); // and none once it stopped
        }

        @Test
        void closeOnTheRunningLoopThreadThrows() {
            EventLoop loop = virtualLoop();
            List<Throwable> errors = new ArrayList<>();
            loop.callSoon(() -> errors.add(assertThrows(IllegalStateException.class, loop::close)));
            runOneIteration(loop);
            assertEquals(1, errors.size());
            assertFalse(loop.isClosed());
        }

        @Test
        void closeTwiceDoesNothing() {
            EventLoop loop = virtualLoop();
            loop.close();
            loop.close();
            assertTrue(loop.isClosed());
        }

        @Test
        void closeFromAnotherThreadStopsAStartedLoopAndWaitsForItsThread() throws Exception {
            EventLoop loop = virtualLoop().start();
            Thread t = loopThread(loop);
            loop.callLater(Duration.ofDays(1), () -> { });
            loop.close();
            assertFalse(t.isAlive());
            assertFalse(loop.isRunning());
            assertTrue(loop.isClosed());
        }

        @Test
        void closeDropsPendingCallbacksAndTimers() throws Exception {
            EventLoop loop = virtualLoop().start();
            CountDownLatch inCallback = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            AtomicInteger dropped = new AtomicInteger();
            loop.callSoon(() -> {
                inCallback.countDown();
                awaitUninterruptibly(proceed);
                loop.callSoon(dropped::incrementAndGet);       // scheduled after stop: next run
                loop.callLater(Duration.ZERO, dropped::incrementAndGet);
            });
            assertTrue(inCallback.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
            Thread closer = new Thread(loop::close);
            closer.start();
            awaitCondition("close() stops the loop", () -> closer.getState() != Thread.State.RUNNABLE
                    && closer.getState() != Thread.State.NEW);
            proceed.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            assertFalse(closer.isAlive());
            assertTrue(loop.isClosed());
            assertEquals(0, dropped.get());
        }
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) throw new AssertionError("latch timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // =============================================================================================
    @Nested
    class RunInExecutor {

        // A method that returns a future reports misuse through it (docs/threading.md), and a job the
        // executor never took is not outstanding: the virtual clock still jumps (§13.5).

        @Test
        void anExecutorThatThrowsFailsTheFutureAndLeavesNothingOutstanding() throws Exception {
            EventLoop loop = virtualLoop();
            IllegalStateException broken = new IllegalStateException("broken pool");
            CompletableFuture<Integer> f = loop.runInExecutor(job -> { throw broken; }, () -> 1);
            assertSame(broken, Testing.failure(f));
            assertVirtualClockJumps(loop);
        }

        @Test
        void aRejectingExecutorFailsTheFutureAndLeavesNothingOutstanding() throws Exception {
            EventLoop loop = virtualLoop();
            RejectedExecutionException rejected = new RejectedExecutionException("full");
            CompletableFuture<Integer> f = loop.runInExecutor(job -> { throw rejected; }, () -> 1);
            assertSame(rejected, Testing.failure(f));
            assertVirtualClockJumps(loop);
        }

        @Test
        void aNullFnFailsTheFutureWithNullPointerException() throws Exception {
            EventLoop loop = virtualLoop();
            CompletableFuture<Object> f = loop.runInExecutor(null, null);
            assertTrue(Testing.failure(f) instanceof NullPointerException, String.valueOf(Testing.failure(f)));
            assertVirtualClockJumps(loop);
        }

        @Test
        void anExecutorThatRanTheJobAndThenThrewDeliversTheJobsOutcomeAndReportsItsError() throws Exception {
            EventLoop loop = virtualLoop();
            List<Throwable> reported = new ArrayList<>();
            loop.setExceptionHandler((l, error) -> reported.add(error));
            IllegalStateException late = new IllegalStateException("threw after running the job");
            CompletableFuture<String> f = loop.runInExecutor(job -> { job.run(); throw late; }, () -> "ran");
            f.whenComplete((v, e) -> loop.stop());
            loop.runForever();
            assertEquals("ran", f.join());
            assertEquals(List.of(late), reported);
            assertVirtualClockJumps(loop);
        }

        /** Nothing is outstanding: started, the loop's virtual clock jumps to a 2 h timer (bounded wait, never a hang). */
        private void assertVirtualClockJumps(EventLoop loop) throws Exception {
            long start = loop.time();
            CompletableFuture<Long> firedAt = new CompletableFuture<>();
            loop.callLater(Duration.ofHours(2), () -> firedAt.complete(loop.time()));
            loop.start();
            assertEquals(start + TimeUnit.HOURS.toNanos(2), firedAt.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }

        @Test
        void resultIsDeliveredOnTheLoopThroughCallSoon() {
            EventLoop loop = virtualLoop();
            List<Object> seen = new ArrayList<>();
            loop.callSoon(() -> loop.runInExecutor(null, () -> Thread.currentThread().getName())
                    .whenComplete((name, error) -> {
                        seen.add(name.contains("-executor-"));
                        seen.add(loop.inLoopThread());
                        loop.stop();
                    }));
            loop.runForever();
            assertEquals(List.of(true, true), seen);
        }

        @Test
        void defaultPoolUsesDaemonThreadsNamedAfterTheLoop() {
            EventLoop loop = virtualLoop();
            CompletableFuture<Thread> worker = loop.runInExecutor(null, Thread::currentThread);
            loop.callSoon(() -> worker.whenComplete((t, e) -> loop.stop()));
            loop.runForever();
            Thread t = worker.join();
            assertTrue(t.isDaemon());
            assertTrue(t.getName().startsWith(loop.toString().substring("EventLoop[".length()).split(",")[0] + "-executor-"),
                    t.getName());
        }

        @Test
        void givenExecutorRunsTheJob() throws Exception {
            EventLoop loop = virtualLoop();
            ExecutorService pool = singleThreadPool();
            Thread poolThread = pool.submit(Thread::currentThread).get();
            CompletableFuture<Thread> worker = loop.runInExecutor(pool, Thread::currentThread);
            worker.whenComplete((t, e) -> loop.stop());
            loop.runForever();
            assertSame(poolThread, worker.join());
        }

        @Test
        void failureOfTheJobFailsTheFuture() {
            EventLoop loop = virtualLoop();
            Exception checked = new java.io.IOException("disk");
            CompletableFuture<Object> f = loop.runInExecutor(null, () -> {
                throw checked;
            });
            f.whenComplete((v, e) -> loop.stop());
            loop.runForever();
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertSame(checked, e.getCause());
        }

        @Test
        void cancellingBeforeTheJobStartsMeansItNeverRuns() throws Exception {
            EventLoop loop = virtualLoop();
            ExecutorService pool = singleThreadPool();
            CountDownLatch gate = new CountDownLatch(1);
            pool.execute(() -> awaitUninterruptibly(gate)); // occupies the only worker
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture<String> f = loop.runInExecutor(pool, () -> {
                ran.set(true);
                return "ran";
            });
            assertTrue(f.cancel(false));
            gate.countDown();
            pool.submit(() -> { }).get(PATIENCE_SECONDS, TimeUnit.SECONDS); // the pool has passed the job
            assertFalse(ran.get());
            assertTrue(f.isCancelled());
            assertThrows(CancellationException.class, f::join);
            // and the cancelled job no longer holds the virtual clock back
            loop.callLater(Duration.ofHours(2), loop::stop);
            loop.runForever();
            assertEquals(TimeUnit.HOURS.toNanos(2), loop.time());
        }

        @Test
        void resultOfAJobCancelledAfterItStartedIsIgnored() throws Exception {
            EventLoop loop = virtualLoop();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<String> f = loop.runInExecutor(null, () -> {
                started.countDown();
                awaitUninterruptibly(finish);
                return "late";
            });
            assertTrue(started.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertTrue(f.cancel(false));
            finish.countDown();
            List<String> log = new ArrayList<>();
            // The late result arrives through callSoon and is dropped; the outstanding job holds
            // the virtual clock until it has.
            loop.callLater(Duration.ofSeconds(1), () -> {
                log.add("timer");
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("timer"), log);
            assertTrue(f.isCancelled());
        }

        @Test
        void outstandingJobsStopTheVirtualClockFromJumping() {
            EventLoop loop = virtualLoop();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Thread> loopThread = new AtomicReference<>(Thread.currentThread());
            loop.callLater(Duration.ofSeconds(10), () -> {
                log.add("timer@" + loop.time() / SECOND + "s");
                loop.stop();
            });
            CompletableFuture<String> job = loop.runInExecutor(null, () -> {
                // The loop has nothing ready and one timer; it must sleep, not jump, while this runs.
                awaitCondition("the loop sleeps", () -> loopThread.get().getState() == Thread.State.WAITING);
                return log.isEmpty() ? "job ran first" : "clock jumped: " + log;
            });
            job.thenAccept(log::add);
            loop.runForever();
            assertEquals(List.of("job ran first", "timer@10s"), log);
        }

        @Test
        void aJobThatFinishesAfterTheLoopClosedSchedulesNothing() throws Exception {
            EventLoop loop = virtualLoop();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<String> f = loop.runInExecutor(null, () -> {
                worker.set(Thread.currentThread());
                started.countDown();
                awaitUninterruptibly(finish);
                return "late";
            });
            assertTrue(started.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
            loop.close(); // does not wait for the job
            assertTrue(worker.get().isAlive());
            finish.countDown();
            worker.get().join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            assertFalse(worker.get().isAlive(), "close() shut the default pool down");
            assertFalse(f.isDone());
        }
    }
}
