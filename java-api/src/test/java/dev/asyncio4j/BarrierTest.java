package dev.asyncio4j;

import static dev.asyncio4j.Testing.assertCompletedByFreeingThread;
import static dev.asyncio4j.Testing.assertResumesOnThisLoop;
import static dev.asyncio4j.Testing.failure;
import static dev.asyncio4j.Testing.onThread;
import static dev.asyncio4j.Testing.runVirtual;
import static dev.asyncio4j.Testing.runSteps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §7 (Barrier) and the §2 rules as they apply to it. */
class BarrierTest {

    private final List<String> log = new ArrayList<>();
    private Barrier barrier;
    private CompletableFuture<Integer> f0, f1, f2, f3, g0, g1;

    private CompletableFuture<Integer> waitLogged(String name) {
        CompletableFuture<Integer> f = barrier.waitAsync();
        f.thenAccept(i -> log.add(name + "=" + i));
        return f;
    }

    private static void assertBroken(CompletableFuture<Integer> f, String message) {
        Throwable error = failure(f);
        assertInstanceOf(BrokenBarrierException.class, error);
        assertEquals(message, error.getMessage());
    }

    @Test
    void partiesBelowOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals(3, new Barrier(3).parties());
    }

    @Test
    void lastArrivalTripsAtOnceAndTheOthersGetTheirIndicesLater() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = waitLogged("f0");
            f1 = waitLogged("f1");
            assertEquals(2, barrier.nWaiting());
            f2 = barrier.waitAsync();
            assertEquals(2, f2.getNow(-1), "the tripper gets parties - 1 at once");
            assertFalse(f0.isDone() || f1.isDone(), "released parties resume on a later iteration");
        }, () -> assertEquals(List.of("f0=0", "f1=1"), log));
    }

    @Test
    void singlePartyBarrierNeverWaits() {
        runVirtual(() -> {
            Barrier b = new Barrier(1);
            assertEquals(0, b.waitAsync().getNow(-1));
            assertEquals(0, b.waitAsync().getNow(-1));
            assertEquals("Barrier[filling, waiters:0/1]", b.toString());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void nWaitingCountsPartiesWhileFillingAndIsZeroWhileDraining() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = barrier.waitAsync();
            assertEquals(1, barrier.nWaiting());
            assertEquals("Barrier[filling, waiters:1/2]", barrier.toString());
            f1 = barrier.waitAsync();
            assertEquals(0, barrier.nWaiting());
            assertEquals("Barrier[draining, waiters:0/2]", barrier.toString());
        }, () -> {
            assertEquals(0, f0.getNow(-1));
            assertEquals("Barrier[filling, waiters:0/2]", barrier.toString());
        });
    }

    @Test
    void arrivalWhileDrainingWaitsAtTheGateForTheNextCycle() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = waitLogged("f0");
            f1 = waitLogged("f1"); // trips
            g0 = waitLogged("g0");
            g1 = waitLogged("g1");
            assertEquals(0, barrier.nWaiting(), "nothing is counted at the gate");
            assertFalse(g1.isDone(), "g1 does not trip a draining barrier");
        }, () -> {
            // f0 resumed and left: filling again; g0 and g1 are admitted, to enter when they run
            assertEquals(List.of("f1=1", "f0=0"), log);
            assertEquals("Barrier[filling, waiters:0/2]", barrier.toString());
        }, () -> {
            // g0 and g1 entered and tripped
            assertEquals("Barrier[draining, waiters:0/2]", barrier.toString());
            assertFalse(g0.isDone() || g1.isDone());
        }, () -> assertEquals(List.of("f1=1", "f0=0", "g0=0", "g1=1"), log));
    }

    @Test
    void barrierIsReusableCycleAfterCycle() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = waitLogged("a");
            f1 = waitLogged("b");
        }, () -> {
            f2 = waitLogged("c");
            f3 = waitLogged("d");
        }, () -> assertEquals(List.of("b=1", "a=0", "d=1", "c=0"), log));
    }

    // --- the gate ---

    @Test
    void anAdmittedLoopWaiterEntersWhenItRunsSoACallerArrivingBeforeThatEntersFirst() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = waitLogged("f0");
            f1 = waitLogged("f1"); // trips; f0 stays inside until it resumes
            g0 = waitLogged("g0"); // at the gate
            f0.thenRun(() -> {
                // f0 just left: the barrier fills again and g0 is admitted, but not counted yet
                assertEquals("Barrier[filling, waiters:0/2]", barrier.toString());
                g1 = waitLogged("g1"); // asyncio: the lock is free, so the newcomer enters first
                assertEquals(1, barrier.nWaiting());
            });
        }, () -> assertEquals("Barrier[filling, waiters:1/2]", barrier.toString(), "g1 inside, g0 not yet"), () -> {
            // g0 entered after g1 and tripped; both resume on the next iteration
            assertEquals("Barrier[draining, waiters:0/2]", barrier.toString());
            assertFalse(g0.isDone() || g1.isDone());
        }, () -> assertEquals(List.of("f1=1", "f0=0", "g1=0", "g0=1"), log));
    }

    @Test
    void anAdmittedLoopWaiterFindingANewCycleDrainingWaitsAtTheGateAgain() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = waitLogged("f0");
            f1 = waitLogged("f1");
            g0 = waitLogged("g0"); // at the gate
            f0.thenRun(() -> {
                f2 = waitLogged("f2"); // newcomers fill and trip the next cycle before g0 runs
                f3 = waitLogged("f3");
            });
        }, () -> assertEquals("Barrier[draining, waiters:0/2]", barrier.toString()),
           () -> assertFalse(g0.isDone(), "g0 found the cycle draining: back at the gate"),
           () -> {
               // f2 left, and g0 was admitted again: it has entered the next cycle by now
               assertEquals("Barrier[filling, waiters:1/2]", barrier.toString());
               g1 = waitLogged("g1"); // trips
           }, () -> assertEquals(List.of("f1=1", "f3=1", "f0=0", "f2=0", "g1=1", "g0=0"), log)); // f3 logs before f0: its callback ran first
    }

    @Test
    void cancellingAnAdmittedWaiterWithdrawsItAndAbortFailsTheOthers() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
            f2 = barrier.waitAsync(); // trips
            g0 = barrier.waitAsync();
            g1 = barrier.waitAsync();
            f1.thenRun(() -> {
                // f0 and f1 resumed and left: g0 and g1 admitted, not yet entered
                assertTrue(g0.cancel(false));
                barrier.abort();
                assertBroken(g1, "Barrier aborted");
            });
        }, () -> { }, () -> {
            assertTrue(g0.isCancelled());
            assertEquals("Barrier[broken]", barrier.toString());
        });
    }

    // --- reset and abort ---

    /**
     * CPython test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining: the parties that
     * leave first wait again at the gate; the last one to leave finds the barrier filling with the
     * gate waiters admitted but not yet entered, so its reset breaks nobody, and every party passes
     * the next two cycles.
     */
    @Test
    void resetByTheLastPartyToLeaveWhileTheNextCycleWaitsAtTheGateIsHarmless() {
        int n = 5;
        Barrier b = new Barrier(n);
        List<String> secondWait = new ArrayList<>();
        int[] left = {0};
        int[] passedThird = {0};
        String outcome = Testing.runVirtual(() -> Testing.describe(Asyncio.waitFor(Asyncio.gather(
                java.util.stream.IntStream.range(0, n).mapToObj(p -> Asyncio.createTask(() -> b.waitAsync().thenCompose(i -> {
                    if (++left[0] == n) {
                        b.reset(); // the last to leave: the others wait at the gate
                        return b.waitAsync();
                    }
                    return b.waitAsync().handle((k, error) -> {
                        secondWait.add(error == null ? "passed" : Task.unwrap(error).getClass().getSimpleName());
                        return k;
                    });
                }).thenCompose(k -> b.waitAsync()).thenRun(() -> passedThird[0]++))).toList()),
                Testing.s(10))));
        assertEquals("value:[null, null, null, null, null]", outcome, "every party passes; no deadlock");
        assertEquals(java.util.Collections.nCopies(n - 1, "passed"), secondWait);
        assertEquals(n, passedThird[0]);
        assertFalse(b.isBroken());
        assertEquals(0, b.nWaiting());
    }


    @Test
    void threadWaitersLeaveAtTheResetItself() {
        Barrier barrier = new Barrier(3); // futures made off any loop: thread waiters
        CompletableFuture<Integer> first = barrier.waitAsync();
        CompletableFuture<Integer> second = barrier.waitAsync();
        List<String> seen = new ArrayList<>();
        List<CompletableFuture<Integer>> next = new ArrayList<>();
        first.whenComplete((index, error) -> {
            // Inside the reset's dispatch of `first`, before `second` is told: both left already,
            // so the barrier is filling again and a new arrival is counted at once.
            next.add(barrier.waitAsync());
            seen.add(error.getClass().getSimpleName() + ", " + barrier + ", second done: " + second.isDone());
        });
        barrier.reset();
        assertEquals(List.of("BrokenBarrierException, Barrier[filling, waiters:1/3], second done: false"), seen);
        assertInstanceOf(BrokenBarrierException.class, failure(second));
        assertEquals(1, barrier.nWaiting());
        assertFalse(next.get(0).isDone());
    }

    @Test
    void resetFailsWaitingPartiesAndGateWaitersJoinTheNextCycle() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
            barrier.reset();
            assertEquals("Barrier[resetting, waiters:0/3]", barrier.toString());
            assertFalse(barrier.isBroken());
            g0 = barrier.waitAsync();
            assertFalse(g0.isDone());
        }, () -> {
            assertBroken(f0, "Abort or reset of barrier");
            assertBroken(f1, "Abort or reset of barrier");
            assertEquals("Barrier[filling, waiters:0/3]", barrier.toString(), "g0 admitted, enters when it runs");
        }, () -> {
            assertEquals("Barrier[filling, waiters:1/3]", barrier.toString(), "g0 entered the new cycle");
            f2 = barrier.waitAsync();
            f3 = barrier.waitAsync();
            assertEquals(2, f3.getNow(-1));
        }, () -> {
            assertEquals(0, g0.getNow(-1));
            assertEquals(1, f2.getNow(-1));
        });
    }

    @Test
    void resetFailsReleasedPartiesThatHaveNotResumed() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
            assertEquals(1, f1.getNow(-1));
            barrier.reset(); // f0 released but still inside
            assertEquals("Barrier[resetting, waiters:0/2]", barrier.toString());
        }, () -> {
            assertBroken(f0, "Abort or reset of barrier");
            assertEquals("Barrier[filling, waiters:0/2]", barrier.toString());
        });
    }

    @Test
    void resetWithNobodyInsideFillsAndRepairsABrokenBarrier() {
        Barrier b = new Barrier(2);
        b.abort();
        assertTrue(b.isBroken());
        assertEquals("Barrier[broken]", b.toString());
        b.reset();
        assertFalse(b.isBroken());
        assertEquals("Barrier[filling, waiters:0/2]", b.toString());
    }

    @Test
    void abortFailsWaitingPartiesAndEveryLaterWaitUntilReset() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = barrier.waitAsync();
            barrier.abort();
            assertTrue(barrier.isBroken());
            assertEquals(0, barrier.nWaiting());
            f1 = barrier.waitAsync();
            assertBroken(f1, "Barrier aborted");
        }, () -> {
            assertBroken(f0, "Abort or reset of barrier");
            assertTrue(barrier.isBroken(), "stays broken");
            assertBroken(barrier.waitAsync(), "Barrier aborted");
            barrier.reset();
            f2 = barrier.waitAsync();
            assertFalse(f2.isDone());
            assertEquals(1, barrier.nWaiting());
        });
    }

    @Test
    void abortFailsGateWaitersAndReleasedPartiesThatHaveNotResumed() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync(); // trips
            g0 = barrier.waitAsync(); // at the gate
            barrier.abort();
            assertFalse(g0.isDone(), "failed, resumes on a later iteration");
        }, () -> {
            assertBroken(g0, "Barrier aborted");
            assertBroken(f0, "Abort or reset of barrier");
            assertEquals("Barrier[broken]", barrier.toString());
        });
    }

    // --- cancellation ---

    @Test
    void cancelWhileFillingLeavesWithoutBreakingTheBarrier() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
            assertTrue(f0.cancel(false));
            assertEquals(1, barrier.nWaiting());
            assertFalse(barrier.isBroken());
            f2 = barrier.waitAsync(); // takes index 1 again: count dropped
            f3 = barrier.waitAsync();
            assertEquals(2, f3.getNow(-1));
        }, () -> {
            assertEquals(1, f1.getNow(-1));
            assertEquals(1, f2.getNow(-1));
            assertInstanceOf(CancellationException.class, failure(f0));
        });
    }

    @Test
    void cancelAfterReleaseFailsWithCancellationAndIsCountedOut() {
        runSteps(() -> {
            barrier = new Barrier(3);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
            f2 = barrier.waitAsync(); // trips
            assertTrue(f0.cancel(false));
            assertInstanceOf(CancellationException.class, failure(f0));
        }, () -> {
            assertEquals(1, f1.getNow(-1), "the others pass normally");
            assertEquals("Barrier[filling, waiters:0/3]", barrier.toString(), "f0 was counted out");
            g0 = barrier.waitAsync();
            assertEquals(1, barrier.nWaiting());
        });
    }

    @Test
    void cancelAtTheGateOnlyEndsThatCall() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync(); // trips
            g0 = barrier.waitAsync();
            g1 = barrier.waitAsync();
            assertTrue(g0.cancel(false));
        }, () -> {
            assertEquals(0, f0.getNow(-1));
            assertEquals("Barrier[filling, waiters:0/2]", barrier.toString(), "g1 admitted, not yet entered");
        }, () -> {
            assertEquals("Barrier[filling, waiters:1/2]", barrier.toString(), "only g1 entered");
            assertFalse(g1.isDone());
        });
    }

    @Test
    void cancelAfterResumeIsTooLate() {
        runSteps(() -> {
            barrier = new Barrier(2);
            f0 = barrier.waitAsync();
            f1 = barrier.waitAsync();
        }, () -> {
            assertFalse(f0.cancel(false));
            assertEquals(0, f0.getNow(-1));
        });
    }

    // --- threads ---

    @Test
    void threadPartyIsReleasedByTheTrippingThread() {
        Barrier b = new Barrier(2);
        CompletableFuture<Integer> f = b.waitAsync();
        assertCompletedByFreeingThread(f, () -> assertEquals(1, b.waitAsync().getNow(-1)));
        assertEquals(0, f.getNow(-1));
        assertEquals("Barrier[filling, waiters:0/2]", b.toString(), "a thread party leaves as it is released");
    }

    @Test
    void loopPartyReleasedFromAnotherThreadResumesOnItsLoop() {
        runVirtual(() -> {
            Barrier b = new Barrier(2);
            CompletableFuture<Integer> f = b.waitAsync();
            return assertResumesOnThisLoop(f, b::waitAsync).thenRun(() -> assertEquals(0, f.getNow(-1)));
        });
    }

    @Test
    void threadPartyLeavesAtTheTripSoAResetRightAfterCannotFailIt() {
        // docs/semantics.md §7: a thread waiter resumes as it is released, so the window in which a reset
        // fails a released party exists only for loop waiters.
        Barrier b = new Barrier(3);
        CompletableFuture<Integer> first = b.waitAsync();
        CompletableFuture<Integer> second = b.waitAsync();
        CompletableFuture<Integer> tripper = b.waitAsync();
        b.reset();
        assertEquals(0, first.getNow(-1));
        assertEquals(1, second.getNow(-1));
        assertEquals(2, tripper.getNow(-1));
        assertEquals("Barrier[filling, waiters:0/3]", b.toString());
    }

    @Test
    void aLongGateOfThreadWaitersDrainsWithoutRecursion() {
        // A loop party keeps the barrier draining while 100,000 thread waiters queue at the gate;
        // when it resumes, the gate pairs trip each other and leave at once, cycle after cycle.
        Barrier b = new Barrier(2);
        java.util.List<CompletableFuture<Integer>> gate = new java.util.ArrayList<>();
        runSteps(
                () -> {
                    b.waitAsync(); // a loop party
                    onThread(() -> {
                        assertEquals(1, b.waitAsync().getNow(-1)); // trips; the loop party stays inside
                        for (int i = 0; i < 100_000; i++) gate.add(b.waitAsync());
                    });
                    assertEquals("Barrier[draining, waiters:0/2]", b.toString());
                },
                () -> { });
        for (int i = 0; i < gate.size(); i++) assertEquals(i % 2, gate.get(i).getNow(-1));
        assertEquals("Barrier[filling, waiters:0/2]", b.toString());
    }
}
