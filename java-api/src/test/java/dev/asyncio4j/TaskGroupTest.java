package dev.asyncio4j;

import static dev.asyncio4j.Testing.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §11: TaskGroup. */
class TaskGroupTest {

    private static CompletableFuture<Object> failAfter(double seconds, String message) {
        return Asyncio.sleep(s(seconds)).thenCompose(v -> CompletableFuture.failedFuture(boom(message)));
    }

    @Test
    void aBodyReturningNullOrThrowingEndsTheGroupWithThatFailure() {
        runVirtual(() -> {
            Throwable noStage = ((ExceptionGroup) failure(TaskGroup.run(tg -> null))).exceptions().get(0);
            assertInstanceOf(NullPointerException.class, noStage);
            assertEquals("TaskGroup body returned null instead of a CompletionStage", noStage.getMessage());
            Throwable thrown = ((ExceptionGroup) failure(TaskGroup.run(tg -> { throw boom("body"); }))).exceptions().get(0);
            assertEquals("body", thrown.getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void outsideATaskTheFutureFailsWithIllegalState() {
        assertInstanceOf(IllegalStateException.class, failure(TaskGroup.run(tg -> CompletableFuture.completedFuture(1))));
    }

    @Test
    void theBodyRunsAtOnceInTheParent() {
        Log log = new Log();
        runVirtual(() -> {
            Task<?> parent = Task.current();
            CompletableFuture<String> r = TaskGroup.run(tg -> {
                assertSame(parent, Task.current());
                log.add("body");
                return CompletableFuture.completedFuture("v");
            });
            log.add("after run");
            return r;
        });
        assertEquals(List.of("body", "after run"), log.lines());
    }

    @Test
    void waitsForTheBodyAndEveryChildThenGivesTheBodyValue() {
        Log log = new Log();
        runVirtual(() -> TaskGroup.run(tg -> {
            tg.createTask(() -> Asyncio.sleep(s(1)).thenRun(() -> log.at("child 1")));
            tg.createTask("named", () -> Asyncio.sleep(s(3)).thenRun(() -> log.at("child 3")));
            return CompletableFuture.completedFuture("body value");
        }).thenAccept(v -> log.at("group " + v)));
        assertEquals(List.of("child 1 @1", "child 3 @3", "group body value @3"), log.lines());
    }

    @Test
    void childrenMayBeAddedUntilTheGroupFinishes() {
        Log log = new Log();
        runVirtual(() -> TaskGroup.run(tg -> {
            tg.createTask(() -> Asyncio.sleep(s(1)).thenRun(() ->
                    tg.createTask(() -> Asyncio.sleep(s(2)).thenRun(() -> log.at("grandchild")))));
            return CompletableFuture.completedFuture(null);
        }).thenRun(() -> log.at("group done")));
        assertEquals(List.of("grandchild @3", "group done @3"), log.lines());
    }

    @Test
    void aBodyComposingOnAChildContinuesAsTheParent() {
        runVirtual(() -> {
            Task<?> parent = Task.current();
            return TaskGroup.run(tg -> tg.createTask(() -> Asyncio.sleep(s(1), "child")).thenCompose(v -> {
                assertSame(parent, Task.current());
                return Asyncio.timeout(s(1), t -> Asyncio.sleep(s(5)));
            })).handle((v, e) -> {
                ExceptionGroup g = assertInstanceOf(ExceptionGroup.class, Task.unwrap(e));
                assertInstanceOf(java.util.concurrent.TimeoutException.class, g.exceptions().get(0));
                return null;
            });
        });
    }

    @Test
    void createTaskAfterTheGroupFinishedThrowsAndNeverCallsTheSupplier() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        AtomicBoolean called = new AtomicBoolean();
        runVirtual(() -> TaskGroup.run(tg -> { group.set(tg); return CompletableFuture.completedFuture(null); })
                .thenRun(() -> assertThrows(IllegalStateException.class,
                        () -> group.get().createTask(() -> { called.set(true); return CompletableFuture.completedFuture(1); }))));
        assertFalse(called.get());
    }

    @Test
    void createTaskWhileShuttingDownAfterAnErrorThrows() {
        runVirtual(() -> describe(TaskGroup.run(tg -> {
            tg.createTask(() -> failAfter(1, "boom"));
            return Asyncio.sleep(s(10)).exceptionally(e -> {
                assertThrows(IllegalStateException.class, () -> tg.createTask(() -> CompletableFuture.completedFuture(1)));
                throw new CancellationException("rethrown");
            });
        })).thenAccept(d -> assertTrue(d.startsWith("failed:ExceptionGroup"), d)));
    }

    @Test
    void aCancelledChildIsIgnored() {
        String result = runVirtual(() -> TaskGroup.run(tg -> {
            Task<Void> cancelled = tg.createTask(() -> Asyncio.sleep(s(5)));
            Task<String> sibling = tg.createTask(() -> Asyncio.sleep(s(2), "sibling"));
            cancelled.cancel();
            return sibling.thenApply(v -> "body saw " + v);
        }));
        assertEquals("body saw sibling", result);
    }

    @Test
    void theFirstFailureCancelsTheSiblingsAndTheBody() {
        Log log = new Log();
        runVirtual(() -> {
            CompletableFuture<Object> r = TaskGroup.run(tg -> {
                Task<Void> sibling = tg.createTask(() -> Asyncio.sleep(s(10)));
                tg.createTask(() -> failAfter(1, "child failed"));
                return describe(Asyncio.sleep(s(10))).thenApply(d -> {
                    log.at("body " + d);
                    return (Object) d;
                }).thenCompose(d -> { log.at("sibling " + outcome(sibling)); return CompletableFuture.failedFuture(new CancellationException()); });
            });
            return describe(r).thenAccept(d -> {
                log.at("group " + d);
                ExceptionGroup g = assertInstanceOf(ExceptionGroup.class, failure(r));
                assertEquals(List.of("child failed"), g.exceptions().stream().map(Throwable::getMessage).toList());
                assertSame(g.exceptions().get(0), g.getCause());
                assertEquals(0, Task.current().cancelling());
            });
        });
        assertEquals(List.of("body cancelled:null @1", "sibling cancelled:null @1",
                "group failed:ExceptionGroup:unhandled errors in a TaskGroup (1 sub-exception) @1"), log.lines());
    }

    @Test
    void severalFailuresAreReportedInCompletionOrderFirstAsCauseTheRestSuppressed() {
        runVirtual(() -> {
            CompletableFuture<Object> r = TaskGroup.run(tg -> {
                tg.createTask(() -> failAfter(1, "a"));
                tg.createTask(() -> failAfter(1, "b")); // fails in the same iteration, before the group reacts
                tg.createTask(() -> Asyncio.sleep(s(10)).exceptionally(e -> { throw boom("c, while cancelled"); }));
                return CompletableFuture.completedFuture(null);
            });
            return describe(r).thenRun(() -> {
                ExceptionGroup g = assertInstanceOf(ExceptionGroup.class, failure(r));
                assertEquals(List.of("a", "b", "c, while cancelled"), g.exceptions().stream().map(Throwable::getMessage).toList());
                assertSame(g.exceptions().get(0), g.getCause());
                assertEquals(List.of(g.exceptions().get(1), g.exceptions().get(2)), List.of(g.getSuppressed()));
            });
        });
    }

    @Test
    void aBodyFailureCancelsTheChildrenAndIsRecordedAfterTheirErrors() {
        runVirtual(() -> {
            CompletableFuture<Object> r = TaskGroup.run(tg -> {
                tg.createTask(() -> Asyncio.sleep(s(10)).exceptionally(e -> { throw boom("child cleanup"); }));
                return failAfter(1, "body");
            });
            return describe(r).thenRun(() -> {
                ExceptionGroup g = assertInstanceOf(ExceptionGroup.class, failure(r));
                assertEquals(List.of("child cleanup", "body"), g.exceptions().stream().map(Throwable::getMessage).toList());
                assertEquals(1_000_000_000L, EventLoop.running().time());
            });
        });
    }

    @Test
    void parentCancelledWhileTheBodyWaitsCancelsTheChildrenAndPropagates() {
        Log log = new Log();
        runVirtual(() -> {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            Task<String> parent = Asyncio.createTask(() -> describe(TaskGroup.run(tg -> {
                child.set(tg.createTask(() -> Asyncio.sleep(s(10))));
                return Asyncio.sleep(s(10));
            })));
            return Asyncio.sleep(s(1)).thenCompose(v -> { parent.cancel("outside"); return parent; }).thenAccept(d -> {
                log.at("parent " + d);
                assertTrue(child.get().isCancelled());
                assertEquals(1, parent.cancelling());
            });
        });
        assertEquals(List.of("parent cancelled:outside @1"), log.lines());
    }

    @Test
    void parentCancelledWhileTheGroupWaitsForChildrenKeepsWaitingThenPropagates() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> parent = Asyncio.createTask(() -> describe(TaskGroup.run(tg -> {
                tg.createTask(() -> Asyncio.sleep(s(10)).exceptionally(e -> null).thenCompose(v -> Asyncio.sleep(s(2)))
                        .thenRun(() -> log.at("child cleaned up")));
                return CompletableFuture.completedFuture("body done");
            })));
            return Asyncio.sleep(s(1)).thenCompose(v -> { parent.cancel(); return parent; })
                    .thenAccept(d -> log.at("parent " + d));
        });
        assertEquals(List.of("child cleaned up @3", "parent cancelled:null @3"), log.lines());
    }

    @Test
    void errorsWinOverAnOutsideCancellationWhichIsReArmed() {
        Log log = new Log();
        runVirtual(() -> {
            Task<String> parent = Asyncio.createTask(() -> describe(TaskGroup.run(tg -> {
                tg.createTask(() -> Asyncio.sleep(s(10)).exceptionally(e -> { throw boom("cleanup failed"); }));
                return Asyncio.sleep(s(10));
            })).thenCompose(d -> {
                log.at("group " + d.substring(0, d.indexOf(':', 7)) + ", cancelling=" + Task.current().cancelling());
                return describe(Asyncio.sleep(s(5)));
            }).thenApply(d -> { log.at("next await " + d); return d; }));
            return Asyncio.sleep(s(1)).thenCompose(v -> { parent.cancel(); return parent; });
        });
        assertEquals(List.of("group failed:ExceptionGroup, cancelling=1 @1", "next await cancelled:null @1"), log.lines());
    }

    @Test
    void theParentCancellingCountIsTheSameAfterTheGroup() {
        runVirtual(() -> describe(TaskGroup.run(tg -> {
            tg.createTask(() -> failAfter(1, "x"));
            return Asyncio.sleep(s(10));
        })).thenCompose(d -> {
            assertEquals(0, Task.current().cancelling());
            return Asyncio.sleep(s(1), "later awaits work");
        }).thenAccept(v -> assertEquals("later awaits work", v)));
    }

    @Test
    void aNestedGroupsExceptionGroupIsOneMemberNotFlattened() {
        runVirtual(() -> {
            CompletableFuture<Object> r = TaskGroup.run(outer -> {
                outer.createTask(() -> TaskGroup.run(inner -> {
                    inner.createTask(() -> failAfter(1, "deep"));
                    return CompletableFuture.completedFuture(null);
                }));
                return CompletableFuture.completedFuture(null);
            });
            return describe(r).thenRun(() -> {
                ExceptionGroup g = assertInstanceOf(ExceptionGroup.class, failure(r));
                assertEquals(1, g.exceptions().size());
                ExceptionGroup nested = assertInstanceOf(ExceptionGroup.class, g.exceptions().get(0));
                assertEquals("deep", nested.exceptions().get(0).getMessage());
            });
        });
    }

    @Test
    void aTimeoutAroundATaskGroupCancelsItsChildren() {
        Log log = new Log();
        runVirtual(() -> {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            return describe(Asyncio.timeout(s(1), t -> TaskGroup.run(tg -> {
                child.set(tg.createTask(() -> Asyncio.sleep(s(10))));
                return CompletableFuture.completedFuture(null);
            }))).thenAccept(d -> {
                log.at(d);
                assertTrue(child.get().isCancelled());
                assertEquals(0, Task.current().cancelling());
            });
        });
        assertEquals(List.of("failed:TimeoutException:timeout expired @1"), log.lines());
    }

    @Test
    void cancellingTheRunFutureIsARequestToTheParent() {
        runVirtual(() -> {
            AtomicReference<CompletableFuture<Void>> run = new AtomicReference<>();
            Task<String> parent = Asyncio.createTask(() -> {
                run.set(TaskGroup.run(tg -> { tg.createTask(() -> Asyncio.sleep(s(10))); return Asyncio.sleep(s(10)); }));
                return describe(run.get());
            });
            return yields(2).thenCompose(v -> {
                assertTrue(run.get().cancel(true));
                assertEquals(1, parent.cancelling());
                return parent;
            }).thenAccept(d -> assertEquals("cancelled:null", d));
        });
    }

    @Test
    void exceptionGroupNeedsAFailure() {
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("none", List.of()));
        TimeoutException t = new TimeoutException();
        assertEquals(List.of(t), new ExceptionGroup("one", List.of(t)).exceptions());
    }
}
