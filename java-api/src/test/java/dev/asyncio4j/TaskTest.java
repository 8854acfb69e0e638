package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §9: Task. */
class TaskTest {

    @Nested
    class CreationAndOutcome { // §9.1

        @Test
        void firstStepRunsOnLaterIterationInCreationOrder() {
            Log log = new Log();
            runVirtual(() -> {
                Asyncio.createTask(() -> { log.add("a"); return CompletableFuture.completedFuture(null); });
                Asyncio.createTask(() -> { log.add("b"); return CompletableFuture.completedFuture(null); });
                log.add("created");
                return yields(2);
            });
            assertEquals(List.of("created", "a", "b"), log.lines());
        }

        @Test
        void createTaskWithoutRunningLoopThrowsIllegalState() {
            assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> CompletableFuture.completedFuture(1)));
        }

        @Test
        void createTaskOnClosedLoopThrowsIllegalState() {
            EventLoop loop = EventLoop.withVirtualClock();
            loop.close();
            assertThrows(IllegalStateException.class, () -> loop.createTask(() -> CompletableFuture.completedFuture(1)));
        }

        @Test
        void nullSupplierIsRejected() {
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                assertThrows(NullPointerException.class, () -> loop.createTask(null));
            }
        }

        @Test
        void currentIsTheTaskInItsFirstStepAndWhenItResumes() {
            AtomicReference<Task<?>> inFirstStep = new AtomicReference<>(), afterSleep = new AtomicReference<>();
            AtomicReference<Task<?>> inCallback = new AtomicReference<>(), self = new AtomicReference<>();
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> {
                    inFirstStep.set(Task.current());
                    return Asyncio.sleep(s(1)).thenRun(() -> afterSleep.set(Task.current()));
                });
                self.set(t);
                EventLoop.running().callSoon(() -> inCallback.set(Task.current()));
                return t;
            });
            assertSame(self.get(), inFirstStep.get());
            assertSame(self.get(), afterSleep.get());
            assertNull(inCallback.get());
            assertNull(Task.current());
        }

        @Test
        void defaultNameIsTaskNAndCanBeChanged() {
            runVirtual(() -> {
                Task<Integer> a = Asyncio.createTask(() -> CompletableFuture.completedFuture(1));
                Task<Integer> b = Asyncio.createTask(() -> CompletableFuture.completedFuture(2));
                assertTrue(a.name().matches("Task-\\d+"), a.name());
                int na = Integer.parseInt(a.name().substring(5)), nb = Integer.parseInt(b.name().substring(5));
                assertEquals(na + 1, nb);
                b.setName("worker");
                assertEquals("worker", b.name());
                assertEquals("named", EventLoop.running().createTask("named", () -> CompletableFuture.completedFuture(3)).name());
                return b;
            });
        }

        @Test
        void bodyFailingWithCancellationEndsCancelledWithoutCancelCall() {
            runVirtual(() -> {
                Task<Object> bare = Asyncio.createTask(() -> CompletableFuture.failedFuture(new CancellationException("bare")));
                Task<Object> wrapped = Asyncio.createTask(() -> CompletableFuture.failedFuture(new CompletionException(new CancellationException("wrapped"))));
                return Asyncio.wait(List.of(bare, wrapped), null, ReturnWhen.ALL_COMPLETED).thenRun(() -> {
                    assertTrue(bare.isCancelled());
                    assertEquals("cancelled:bare", outcome(bare));
                    assertTrue(wrapped.isCancelled());
                    assertEquals("cancelled:wrapped", outcome(wrapped));
                    assertEquals(0, bare.cancelling());
                });
            });
        }

        @Test
        void supplierThrowingOrReturningNullFailsTheTask() {
            runVirtual(() -> {
                Task<Object> throwing = Asyncio.createTask(() -> { throw boom("in supplier"); });
                Task<Object> returnsNull = Asyncio.createTask(() -> null);
                return yields(1).thenRun(() -> {
                    assertEquals("failed:IllegalArgumentException:in supplier", outcome(throwing));
                    assertInstanceOf(NullPointerException.class, returnsNull.exception());
                    assertTrue(returnsNull.exception().getMessage().contains("returned null"));
                });
            });
        }

        @Test
        void resultAndExceptionBeforeDoneThrowIllegalState() {
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(s(1)));
                assertThrows(IllegalStateException.class, t::result);
                assertThrows(IllegalStateException.class, t::exception);
                return t;
            });
        }

        @Test
        void resultRethrowsUncheckedAsIsCheckedWrappedAndCancelledWithMessage() {
            IOException checked = new IOException("io");
            IllegalArgumentException unchecked = boom("bad");
            runVirtual(() -> {
                Task<Object> c = Asyncio.createTask(() -> CompletableFuture.failedFuture(checked));
                Task<Object> u = Asyncio.createTask(() -> CompletableFuture.failedFuture(unchecked));
                Task<Void> x = Asyncio.createTask(() -> Asyncio.sleep(s(5)));
                Task<Integer> ok = Asyncio.createTask(() -> CompletableFuture.completedFuture(7));
                x.cancel("stop it");
                return yields(3).thenRun(() -> {
                    CompletionException wrapped = assertThrows(CompletionException.class, c::result);
                    assertSame(checked, wrapped.getCause());
                    assertSame(unchecked, assertThrows(IllegalArgumentException.class, u::result));
                    assertEquals("stop it", assertThrows(CancellationException.class, x::result).getMessage());
                    assertThrows(CancellationException.class, x::exception);
                    assertSame(checked, c.exception());
                    assertNull(ok.exception());
                    assertEquals(7, ok.result());
                });
            });
        }

        @Test
        void doneCallbacksRunOnLaterIterationInRegistrationOrder() {
            Log log = new Log();
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> { log.add("body"); return CompletableFuture.completedFuture(null); });
                t.addDoneCallback(x -> log.add("cb1"));
                t.addDoneCallback(x -> log.add("cb2"));
                EventLoop loop = EventLoop.running();
                loop.callSoon(() -> log.add("same iteration as body"));
                return yields(3).thenRun(() -> {
                    t.addDoneCallback(x -> log.add("late"));
                    log.add("added late");
                }).thenCompose(v -> yields(1));
            });
            assertEquals(List.of("body", "same iteration as body", "cb1", "cb2", "added late", "late"), log.lines());
        }

        @Test
        void removeDoneCallbackRemovesEveryRegistration() {
            Log log = new Log();
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> CompletableFuture.completedFuture(null));
                Consumer<Task<Void>> cb = x -> log.add("cb");
                t.addDoneCallback(cb);
                t.addDoneCallback(x -> log.add("other"));
                t.addDoneCallback(cb);
                assertTrue(t.removeDoneCallback(cb));
                assertFalse(t.removeDoneCallback(cb));
                return yields(3);
            });
            assertEquals(List.of("other"), log.lines());
        }

        @Test
        void removingTheOnlyDoneCallbackLeavesNone() {
            Log log = new Log();
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> CompletableFuture.completedFuture(null));
                Consumer<Task<Void>> cb = x -> log.add("cb");
                t.addDoneCallback(cb);
                assertFalse(t.removeDoneCallback(x -> log.add("never added")));
                assertTrue(t.removeDoneCallback(cb));
                assertFalse(t.removeDoneCallback(cb));
                t.addDoneCallback(x -> log.add("added again"));
                return yields(3);
            });
            assertEquals(List.of("added again"), log.lines());
        }

        @Test
        void aThrowingDoneCallbackIsReportedAndTheNextStillRuns() {
            Log log = new Log();
            List<Throwable> reports = new ArrayList<>();
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                loop.setExceptionHandler((l, e) -> reports.add(e));
                loop.run(() -> {
                    Task<Integer> t = Asyncio.createTask(() -> CompletableFuture.completedFuture(7));
                    t.addDoneCallback(x -> { throw boom("first callback"); });
                    t.addDoneCallback(x -> log.add("second callback, result " + x.result()));
                    return yields(3);
                });
            }
            assertEquals(List.of("second callback, result 7"), log.lines());
            assertEquals(1, reports.size());
            assertEquals("first callback", reports.get(0).getMessage());
        }

        @Test
        void toCompletableFutureIsOneObjectWhoseDependentsRunOnLaterIteration() {
            Log log = new Log();
            runVirtual(() -> {
                Task<Integer> t = Asyncio.createTask(() -> { log.add("body"); return CompletableFuture.completedFuture(1); });
                assertSame(t.toCompletableFuture(), t.toCompletableFuture());
                t.toCompletableFuture().thenRun(() -> log.add("dependent, done=" + t.isDone()));
                t.addDoneCallback(x -> log.add("callback"));
                EventLoop.running().callSoon(() -> log.add("iteration 1 after body? " + t.isDone()));
                return yields(3);
            });
            assertEquals(List.of("body", "iteration 1 after body? true", "dependent, done=true", "callback"), log.lines());
        }

        @Test
        void taskAwaitingAnotherResumesOneIterationAfterItFinished() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> child = Asyncio.createTask(() -> { log.add("child done"); return CompletableFuture.completedFuture("c"); });
                EventLoop loop = EventLoop.running();
                loop.callSoon(() -> {
                    log.add("same iteration as child");
                    loop.callSoon(() -> log.add("iteration after child"));
                });
                return child.thenAccept(v -> log.add("parent got " + v));
            });
            assertEquals(List.of("child done", "same iteration as child", "parent got c", "iteration after child"), log.lines());
        }

        @Test
        void runAfterBothOnATaskEndsAsCompletableFuturesDoes() {
            runVirtual(() -> {
                Task<String> ok = Asyncio.createTask(() -> CompletableFuture.completedFuture("ok"));
                Task<String> failed = Asyncio.createTask(() -> CompletableFuture.failedFuture(boom("task")));
                CompletableFuture<String> other = CompletableFuture.failedFuture(boom("other"));
                List<String> ran = new ArrayList<>();
                assertThrows(NullPointerException.class, () -> ok.runAfterBoth(ok, null));
                assertThrows(NullPointerException.class, () -> ok.runAfterBothAsync(ok, null));
                return describe(ok.runAfterBoth(CompletableFuture.completedFuture(1), () -> ran.add("both")))
                        .thenCombine(describe(failed.runAfterBothAsync(other, () -> ran.add("never"))), (a, b) -> a + " / " + b)
                        .thenCombine(describe(ok.runAfterBothAsync(other, () -> ran.add("never"), Runnable::run)), (ab, c) -> ab + " / " + c)
                        .thenAccept(outcomes -> {
                            assertEquals("value:null / failed:IllegalArgumentException:task / failed:IllegalArgumentException:other", outcomes);
                            assertEquals(List.of("both"), ran);
                        });
            });
        }
    }

    @Nested
    class Cancel { // §9.2

        @Test
        void cancelIsDeliveredAtTheAwaitPointOnALaterIteration() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> describe(Asyncio.sleep(s(10))).thenApply(d -> { log.at("chain " + d); return d; }));
                return Asyncio.sleep(s(1)).thenCompose(v -> {
                    assertTrue(t.cancel("why"));
                    log.at("cancel returned, done=" + t.isDone() + " cancelled=" + t.isCancelled());
                    return t;
                });
            });
            assertEquals(List.of("cancel returned, done=false cancelled=false @1", "chain cancelled:why @1"), log.lines());
        }

        @Test
        void cancelGoesToTheOlderPendingAwaitPointOnceTheNewerOneIsDone() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> {
                    CompletableFuture<String> longWait = describe(Asyncio.sleep(s(10)));
                    Asyncio.sleep(s(1)).thenRun(() -> log.at("short sleep done")); // newer, done at 1 s
                    return longWait.thenApply(d -> { log.at("long wait " + d); return d; });
                });
                return Asyncio.sleep(s(2)).thenCompose(v -> {
                    assertTrue(t.cancel("late"));
                    return t;
                }).thenRun(() -> assertEquals("cancelled:late", t.result())); // the chain turned it into a value
            });
            assertEquals(List.of("short sleep done @1", "long wait cancelled:late @2"), log.lines());
        }

        @Test
        void cancelGoesToTheNewestPendingAwaitPoint() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> {
                    CompletableFuture<String> older = describe(Asyncio.sleep(s(10)));
                    CompletableFuture<String> newer = describe(Asyncio.sleep(s(10)));
                    return newer.thenCombine(older, (n, o) -> { log.at("newer " + n + ", older " + o); return n; });
                });
                return Asyncio.sleep(s(2)).thenCompose(v -> {
                    assertTrue(t.cancel("once"));
                    return describe(t);
                });
            });
            assertEquals(List.of("newer cancelled:once, older value:null @10"), log.lines());
        }

        @Test
        void taskEndsCancelledWhenTheChainDoesNotRecover() {
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(s(10)));
                return Asyncio.sleep(s(1)).thenCompose(v -> {
                    t.cancel();
                    return describe(t);
                }).thenRun(() -> {
                    assertTrue(t.isCancelled());
                    assertEquals(1, t.cancelling());
                    assertEquals(1_000_000_000L, EventLoop.running().time()); // the sleep's timer was cancelled
                });
            });
        }

        @Test
        void cancelBeforeFirstStepNeverCallsTheSupplier() {
            AtomicBoolean called = new AtomicBoolean();
            runVirtual(() -> {
                Task<Object> t = Asyncio.createTask(() -> { called.set(true); return CompletableFuture.completedFuture(1); });
                assertTrue(t.cancel());
                return describe(t).thenRun(() -> assertTrue(t.isCancelled()));
            });
            assertFalse(called.get());
        }

        @Test
        void cancelOnDoneTaskReturnsFalse() {
            runVirtual(() -> {
                Task<Integer> t = Asyncio.createTask(() -> CompletableFuture.completedFuture(1));
                return t.thenRun(() -> {
                    assertFalse(t.cancel());
                    assertEquals(0, t.cancelling());
                    assertEquals(1, t.result());
                });
            });
        }

        @Test
        void severalRequestsGiveOneCancellationAndCountEach() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> describe(Asyncio.sleep(s(10)))
                        .thenCompose(d -> { log.add("first " + d); return describe(Asyncio.sleep(s(1))); })
                        .thenApply(d -> { log.add("second " + d); return d; }));
                return yields(1).thenCompose(v -> {
                    assertTrue(t.cancel("1"));
                    assertTrue(t.cancel("2"));
                    assertTrue(t.cancel(true));
                    assertEquals(3, t.cancelling());
                    return t;
                });
            });
            assertEquals(List.of("first cancelled:1", "second value:null"), log.lines());
        }

        @Test
        void chainThatRecoversSwallowsTheCancellation() {
            Log log = new Log();
            String result = runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> Asyncio.sleep(s(10))
                        .exceptionally(e -> { log.at("caught " + Task.unwrap(e).getClass().getSimpleName()); return null; })
                        .thenCompose(v -> Asyncio.sleep(s(2), "finished")));
                return yields(1).thenCompose(v -> { t.cancel(); return t; }).thenApply(v -> {
                    assertFalse(t.isCancelled());
                    assertEquals(1, t.cancelling());
                    return v;
                });
            });
            assertEquals("finished", result);
            assertEquals(List.of("caught CancellationException @0"), log.lines());
        }

        @Test
        void cancellingATaskThatAwaitsAChildCancelsTheChild() {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            runVirtual(() -> {
                Task<Void> parent = Asyncio.createTask(() -> {
                    child.set(Asyncio.createTask(() -> Asyncio.sleep(s(10))));
                    return child.get();
                });
                return yields(2).thenCompose(v -> { parent.cancel("p"); return describe(parent); }).thenRun(() -> {
                    assertTrue(child.get().isCancelled());
                    assertEquals("cancelled:p", outcome(child.get()));
                    assertTrue(parent.isCancelled());
                });
            });
        }

        @Test
        void childThatSwallowsItsCancellationLetsTheParentContinue() {
            runVirtual(() -> {
                Task<String> parent = Asyncio.createTask(() -> Asyncio.createTask(
                        () -> Asyncio.sleep(s(10), "slept").exceptionally(e -> "swallowed")).thenApply(v -> "parent got " + v));
                return yields(2).thenCompose(v -> { parent.cancel(); return parent; })
                        .thenRun(() -> assertEquals("parent got swallowed", parent.result()));
            });
        }

        @Test
        void cancelledAfterTheGrantPassesTheLockOn() {
            Log log = new Log();
            Lock lock = new Lock();
            runVirtual(() -> {
                assertTrue(lock.tryAcquire());
                Task<String> b = Asyncio.createTask(() -> describe(lock.acquireAsync()).thenApply(d -> { log.add("b " + d); return d; }));
                Task<String> c = Asyncio.createTask(() -> lock.acquireAsync().thenApply(v -> { log.add("c got the lock"); lock.release(); return "c"; }));
                return yields(2).thenCompose(v -> {
                    lock.release(); // granted to b, which has not resumed
                    assertTrue(b.cancel());
                    assertTrue(lock.locked()); // passed on to c
                    return Asyncio.gather(List.of(b, c));
                }).thenRun(() -> assertFalse(lock.locked()));
            });
            // CPython 3.11-3.13 print the same order: the cancelled task sees its CancelledError
            // first, and only then does the next waiter run (the lock itself passed on at once).
            assertEquals(List.of("b cancelled:null", "c got the lock"), log.lines());
        }

        @Test
        void cancelAfterTheAwaitedGatherFinishedButBeforeResumptionWins() {
            Log log = new Log();
            runVirtual(() -> {
                AtomicReference<Task<Integer>> child = new AtomicReference<>();
                Task<String> t = Asyncio.createTask(() -> {
                    child.set(Asyncio.createTask(() -> CompletableFuture.completedFuture(1)));
                    return describe(Asyncio.gather(List.of(child.get()))).thenApply(d -> { log.add("t sees " + d); return d; });
                });
                // 2: t starts; 3: child ends; 4: its future completes and gather sees it, t resumes.
                return yields(2).thenCompose(v -> {
                    assertTrue(child.get().isDone());
                    assertTrue(t.cancel("late"));
                    return t;
                }).thenAccept(v -> assertEquals("cancelled:late", v)); // the chain recovered: t ends normally
            });
            assertEquals(List.of("t sees cancelled:late"), log.lines());
        }

        @Test
        void taskThatCancelsItselfGetsItAtItsNextAwait() {
            Log log = new Log();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> {
                    Task.current().cancel("self");
                    log.add("still running");
                    return describe(Asyncio.sleep(s(5))).thenApply(d -> { log.at("sleep " + d); return d; });
                });
                return describe(t);
            });
            assertEquals(List.of("still running", "sleep cancelled:self @0"), log.lines());
        }

        @Test
        void taskThatCancelsItselfAndEndsWithoutWaitingEndsCancelled() {
            runVirtual(() -> {
                Task<Integer> t = Asyncio.createTask(() -> {
                    Task.current().cancel();
                    return CompletableFuture.completedFuture(42);
                });
                return describe(t).thenRun(() -> assertTrue(t.isCancelled()));
            });
        }

        @Test
        void requestsFromAnotherThreadAreDeliveredThroughTheLoop() throws Exception {
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                CompletableFuture<Void> started = new CompletableFuture<>();
                Lock held = new Lock();
                assertTrue(held.tryAcquire());
                Task<String> t = loop.createTask(() -> {
                    started.complete(null);
                    return describe(held.acquireAsync());
                });
                loop.start();
                started.get();
                Thread canceller = new Thread(() -> assertTrue(t.cancel("from thread")));
                canceller.start();
                canceller.join();
                assertEquals("cancelled:from thread", t.get());
            }
        }

        @Test
        void getOnTheLoopThreadOfAPendingTaskThrowsInsteadOfBlocking() {
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(s(1)));
                assertThrows(IllegalStateException.class, t::get);
                return t;
            });
        }

        @Test
        void foreignStageIsNotAnAwaitPointButItsWrapperIs() {
            runVirtual(() -> {
                CompletableFuture<String> foreign = new CompletableFuture<>();
                Task<String> direct = Asyncio.createTask(() -> foreign.thenApply(v -> "direct " + v));
                CompletableFuture<String> foreign2 = new CompletableFuture<>();
                Task<String> wrapped = Asyncio.createTask(() -> Asyncio.wrapFuture(foreign2));
                return yields(1).thenCompose(v -> {
                    direct.cancel();
                    wrapped.cancel();
                    return yields(2);
                }).thenCompose(v -> {
                    assertFalse(direct.isDone()); // the request waits: nothing to deliver it to
                    assertTrue(foreign2.isCancelled());
                    assertTrue(wrapped.isCancelled());
                    foreign.complete("x");
                    return describe(direct);
                }).thenRun(() -> assertTrue(direct.isCancelled())); // ends without waiting again: cancelled
            });
        }
    }

    @Nested
    class AwaitingItself { // §9.2; asyncio: RuntimeError "Task cannot await on itself" (tasks.py)

        @Test
        void taskAwaitingItselfThroughWrapFutureFailsWithIllegalState() {
            AtomicReference<Task<String>> self = new AtomicReference<>();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> Asyncio.wrapFuture(self.get()));
                self.set(t);
                return yields(3).thenRun(() -> assertSelfAwaitFailure(t));
            });
        }

        @Test
        void taskAwaitingItsOwnFutureThroughWrapFutureFailsWithIllegalState() {
            AtomicReference<Task<String>> self = new AtomicReference<>();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> Asyncio.wrapFuture(self.get().toCompletableFuture()));
                self.set(t);
                return yields(3).thenRun(() -> assertSelfAwaitFailure(t));
            });
        }

        @Test
        void taskWhoseBodyIsItsOwnFutureFailsWithIllegalState() {
            AtomicReference<Task<String>> self = new AtomicReference<>();
            AtomicReference<Task<String>> selfAsStage = new AtomicReference<>();
            runVirtual(() -> {
                Task<String> ownFuture = Asyncio.createTask(() -> self.get().toCompletableFuture());
                self.set(ownFuture);
                Task<String> itself = Asyncio.createTask(selfAsStage::get);
                selfAsStage.set(itself);
                return yields(3).thenRun(() -> {
                    assertSelfAwaitFailure(ownFuture);
                    assertSelfAwaitFailure(itself);
                });
            });
        }

        @Test
        void theChainCanCatchTheIllegalStateOfAwaitingItself() {
            AtomicReference<Task<String>> self = new AtomicReference<>();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> Asyncio.wrapFuture(self.get())
                        .exceptionally(e -> "caught " + Task.unwrap(e).getClass().getSimpleName()));
                self.set(t);
                return yields(3).thenRun(() -> assertEquals("value:caught IllegalStateException", outcome(t)));
            });
        }

        @Test
        void cancelOnACycleOfAwaitsEndsItInsteadOfRecursing() {
            AtomicReference<Task<String>> a = new AtomicReference<>(), b = new AtomicReference<>();
            runVirtual(() -> {
                a.set(Asyncio.createTask(() -> Asyncio.wrapFuture(b.get())));
                b.set(Asyncio.createTask(() -> Asyncio.wrapFuture(a.get())));
                return yields(2).thenCompose(v -> {
                    assertTrue(a.get().cancel("stop"));
                    return yields(6);
                }).thenRun(() -> {
                    assertEquals("cancelled:stop", outcome(a.get()));
                    assertEquals("cancelled:stop", outcome(b.get()));
                    assertEquals(1, a.get().cancelling());
                    assertEquals(1, b.get().cancelling());
                });
            });
        }

        @Test
        void cancelOfATaskGatheringItselfReturnsInsteadOfRecursing() {
            AtomicReference<Task<List<Object>>> self = new AtomicReference<>();
            runVirtual(() -> {
                Task<List<Object>> t = Asyncio.createTask(() -> Asyncio.gather(false, self.get()));
                self.set(t);
                return yields(2).thenCompose(v -> {
                    assertTrue(t.cancel());
                    return yields(2);
                }).thenRun(() -> assertEquals(1, t.cancelling())); // a deadlock it wrote, but no StackOverflowError
            });
        }

        private void assertSelfAwaitFailure(Task<?> t) {
            assertTrue(t.isDone(), t.toString());
            Throwable e = t.exception();
            assertEquals(IllegalStateException.class, e.getClass(), String.valueOf(e));
            assertTrue(e.getMessage().startsWith("Task cannot await on itself"), e.getMessage());
        }
    }

    @Nested
    class Counting { // §9.3

        @Test
        void uncancelLowersTheCountNeverBelowZero() {
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask(() -> Asyncio.sleep(s(1)));
                t.cancel();
                t.cancel();
                assertEquals(2, t.cancelling());
                assertEquals(1, t.uncancel());
                assertEquals(0, t.uncancel());
                assertEquals(0, t.uncancel());
                return describe(t);
            });
        }

        @Test
        void uncancelToZeroWithdrawsARequestNotYetDelivered() {
            AtomicBoolean ran = new AtomicBoolean();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> { ran.set(true); return Asyncio.sleep(s(1), "normal"); });
                t.cancel();
                assertEquals(0, t.uncancel());
                return t;
            });
            assertTrue(ran.get());
        }

        @Test
        void deliveringOrSwallowingDoesNotLowerTheCount() {
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask(() -> describe(Asyncio.sleep(s(1))));
                return yields(1).thenCompose(v -> { t.cancel(); return t; })
                        .thenRun(() -> assertEquals(1, t.cancelling()));
            });
        }
    }

    @Nested
    class NeverRetrieved { // §9.1, §13.2

        private Task<Object> failedTask(EventLoop loop) {
            Task<Object> t = loop.createTask(() -> CompletableFuture.failedFuture(boom("lost")));
            loop.run(() -> yields(2));
            assertTrue(t.isDone());
            return t;
        }

        @Test
        void unretrievedFailureIsReportedWithWhereTheTaskWasCreatedInDebugMode() {
            List<Throwable> reports = new ArrayList<>();
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                loop.setExceptionHandler((l, e) -> reports.add(e));
                loop.setDebug(true);
                Task<Object> t = failedTask(loop);
                t.unretrievedReport().run(); // what the Cleaner runs once the task is unreachable
                loop.run(() -> yields(1));
            }
            assertEquals(1, reports.size());
            Throwable report = reports.get(0);
            assertTrue(report.getMessage().startsWith("Task exception was never retrieved"), report.getMessage());
            assertEquals("lost", report.getCause().getMessage());
            assertEquals(1, report.getSuppressed().length);
            assertTrue(report.getSuppressed()[0].getMessage().contains("was created here"));
        }

        @Test
        void retrievedFailureIsNotReported() {
            List<Throwable> reports = new ArrayList<>();
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                loop.setExceptionHandler((l, e) -> reports.add(e));
                Task<Object> t = failedTask(loop);
                assertNotNull(t.exception());
                t.unretrievedReport().run();
                Task<Object> awaited = loop.createTask(() -> CompletableFuture.failedFuture(boom("awaited")));
                awaited.toCompletableFuture().exceptionally(e -> null);
                loop.run(() -> yields(2));
                awaited.unretrievedReport().run();
                loop.run(() -> yields(1));
            }
            assertEquals(List.of(), reports);
        }

        @Test
        void unretrievedFailureIsReportedWhenTheTaskIsGarbageCollected() throws Exception {
            CompletableFuture<Throwable> report = new CompletableFuture<>();
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                loop.setExceptionHandler((l, e) -> report.complete(e));
                failedTask(loop);
                loop.start(); // the Cleaner hands the report to the running loop
                // Garbage collection is not deterministic: ask again until the report arrives (bounded).
                for (int i = 0; i < 100 && !report.isDone(); i++) {
                    System.gc();
                    try {
                        report.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException notYet) {
                        // collect again
                    }
                }
            }
            assertTrue(report.isDone(), "no report after 100 collections");
            assertEquals("lost", report.get().getCause().getMessage());
        }
    }

    @Test
    void toStringShowsNameAndState() {
        runVirtual(() -> {
            Task<String> t = EventLoop.running().createTask("job", () -> Asyncio.sleep(s(1), "x"));
            assertEquals("Task[job, pending]", t.toString());
            t.cancel();
            assertEquals("Task[job, pending, cancelling:1]", t.toString());
            Task<String> u = EventLoop.running().createTask("ok", () -> CompletableFuture.completedFuture("v"));
            return describe(t).thenCompose(v -> u).thenRun(() -> {
                assertEquals("Task[job, cancelled]", t.toString());
                assertEquals("Task[ok, done, result=v]", u.toString());
            });
        });
    }
}
