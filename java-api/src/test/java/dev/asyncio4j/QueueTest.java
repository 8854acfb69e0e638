package dev.asyncio4j;

import static dev.asyncio4j.Testing.drain;
import static dev.asyncio4j.Testing.fillThenQueuePuts;
import static dev.asyncio4j.Testing.nothingUnfinished;
import static dev.asyncio4j.Testing.shortOutcome;
import static dev.asyncio4j.Testing.putAllThenDrain;
import static dev.asyncio4j.Testing.queueGets;
import static dev.asyncio4j.Testing.runStepsInCallbacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncio4j.Testing.RecordingWaiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** docs/semantics.md §8 for {@link Queue}, rule by rule, on a virtual-clock loop; order-specific rules of the subclasses are in their own tests. */
class QueueTest {

    @Nested
    class State { // §8.1

        @Test
        void maxsizeZeroOrNegativeIsUnboundedAndReportedUnchanged() {
            Queue<Integer> unbounded = new Queue<>(), negative = new Queue<>(-3);
            assertEquals(0, unbounded.maxsize());
            assertEquals(-3, negative.maxsize());
            for (int i = 0; i < 1000; i++) {
                unbounded.putNowait(i);
                negative.putNowait(i);
            }
            assertFalse(unbounded.full());
            assertFalse(negative.full());
            assertEquals(1000, negative.qsize());
        }

        @Test
        void qsizeEmptyAndFullFollowTheItems() {
            Queue<String> q = new Queue<>(2);
            assertTrue(q.empty());
            q.putNowait("a");
            assertEquals(1, q.qsize());
            assertFalse(q.empty());
            assertFalse(q.full());
            q.putNowait("b");
            assertTrue(q.full());
            q.getNowait();
            assertFalse(q.full());
            assertEquals(1, q.qsize());
        }

        @Test
        void queueIsFirstInFirstOut() {
            assertEquals(List.of(3, 1, 2), putAllThenDrain(new Queue<>(), 3, 1, 2));
        }

        @Test
        void fullCountsReservedSlotsOfGrantedPuts() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b"), () -> {
                assertEquals("a", q.getNowait());
                assertEquals(0, q.qsize()); // b has not entered yet
                assertTrue(q.full());       // but its slot is reserved
                assertEquals("pending", shortOutcome(puts.get(0)));
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(0)));
                assertEquals(1, q.qsize());
                assertTrue(q.full());
            });
        }

        @Test
        void toStringShowsStateAndWaiters() {
            Queue<String> q = new Queue<>(1);
            assertEquals("Queue[open, maxsize:1, qsize:0]", q.toString());
            runStepsInCallbacks(() -> {
                q.getAsync();
                q.getAsync();
            }, () -> assertEquals("Queue[open, maxsize:1, qsize:0, getters:2]", q.toString()), () -> {
                q.putNowait("a");
                q.putNowait("b");
                q.putNowait("c");
                q.putAsync("d");
                assertEquals("Queue[open, maxsize:1, qsize:1, putters:1, unfinished:3]", q.toString());
                q.getNowait();
                assertEquals("Queue[open, maxsize:1, qsize:0, reserved:1, unfinished:3]", q.toString());
                q.shutdown();
                assertEquals("Queue[shut down, maxsize:1, qsize:0, reserved:1, unfinished:3]", q.toString());
            });
            q.shutdown(true);
            assertEquals("Queue[shut down immediately, maxsize:1, qsize:0, unfinished:3]", q.toString());
            assertEquals("LifoQueue[open, maxsize:0, qsize:0]", new LifoQueue<>().toString());
        }
    }

    @Nested
    class Putting { // §8.2

        @Test
        void putNowaitAfterShutdownThrowsEvenWithRoom() {
            Queue<String> q = new Queue<>();
            q.shutdown();
            assertThrows(QueueShutDownException.class, () -> q.putNowait("a"));
            assertEquals(0, q.qsize());
        }

        @Test
        void putNowaitHandsTheItemToTheFirstWaitingGetter() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(queueGets(q, gets, 2), () -> {
                q.putNowait("a");
                assertEquals(0, q.qsize()); // handed over, not queued
                assertThrows(QueueEmptyException.class, q::getNowait); // a newcomer cannot take it
                assertEquals("pending", shortOutcome(gets.get(0)));
            }, () -> {
                assertEquals("value:a", shortOutcome(gets.get(0)));
                assertEquals("pending", shortOutcome(gets.get(1)));
            });
        }

        @Test
        void putNowaitToAWaitingGetterSucceedsEvenWhileReservedSlotsFillTheQueue() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<?>> f = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                f.add(q.putAsync("b"));
                assertEquals("a", q.getNowait()); // b's slot reserved: full, empty
                f.add(q.getAsync());
                assertTrue(q.full());
                q.putNowait("c"); // a getter is pending: hand-off before the fullness check
            }, () -> {
                assertEquals("value:c", shortOutcome(f.get(1)));
                assertEquals("value:null", shortOutcome(f.get(0)));
                assertEquals(List.of("b"), drain(q));
            });
        }

        @Test
        void putNowaitOnAFullQueueThrowsQueueFull() {
            Queue<String> q = new Queue<>(1);
            q.putNowait("a");
            assertThrows(QueueFullException.class, () -> q.putNowait("b"));
            assertEquals(List.of("a"), drain(q));
        }

        @Test
        void nullItemsAreRejected() {
            Queue<String> q = new Queue<>();
            assertThrows(NullPointerException.class, () -> q.putNowait(null));
            assertEquals("NullPointerException", shortOutcome(q.putAsync(null)));
            assertEquals(0, q.qsize());
            assertTrue(nothingUnfinished(q));
        }

        @Test
        void putAsyncAfterShutdownFailsWithoutThrowing() {
            Queue<String> q = new Queue<>();
            q.shutdown();
            assertEquals("QueueShutDownException", shortOutcome(q.putAsync("a")));
        }

        @Test
        void putAsyncWithRoomCompletesAtOnce() {
            Queue<String> q = new Queue<>(1);
            runStepsInCallbacks(() -> {
                CompletableFuture<Void> put = q.putAsync("a");
                assertTrue(put.isDone());
                assertEquals(1, q.qsize());
            });
        }

        @Test
        void putAsyncOnAFullQueueWaitsAndItsItemEntersWhenItResumes() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                puts.add(q.putAsync("b"));
                assertEquals("pending", shortOutcome(puts.get(0)));
            }, () -> {
                assertEquals("a", q.getNowait());
                assertThrows(QueueFullException.class, () -> q.putNowait("x")); // the slot is b's
                assertEquals("pending", shortOutcome(puts.get(0)));
                assertEquals(0, q.qsize());
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(0)));
                assertEquals(List.of("b"), drain(q));
            });
        }

        @Test
        void puttersAreServedInArrivalOrder() {
            Queue<Integer> q = new Queue<>(1);
            List<Integer> done = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait(0);
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    q.putAsync(n).thenRun(() -> done.add(n));
                }
            }, () -> assertEquals(0, q.getNowait()), () -> assertEquals(1, q.getNowait()),
                    () -> assertEquals(2, q.getNowait()), () -> {
                assertEquals(3, q.getNowait());
                assertEquals(List.of(1, 2, 3), done);
            });
        }

        @Test
        void pendingPutterFailsWhenTheQueueShutsDown() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b"), q::shutdown, () -> {
                assertEquals("QueueShutDownException", shortOutcome(puts.get(0)));
                assertEquals(List.of("a"), drain(q));
            });
        }

        @Test
        void putCancelledWhilePendingIsWithdrawn() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b", "c"), () -> {
                assertTrue(puts.get(0).cancel(false));
                assertEquals("cancelled", shortOutcome(puts.get(0)));
                q.getNowait(); // the slot goes to c, not to the withdrawn b
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(1)));
                assertEquals(List.of("c"), drain(q));
            });
        }

        @Test
        void putCancelledAfterItsGrantPassesTheSlotOnAndNeverDeliversItsItem() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b", "c"), () -> {
                q.getNowait();                          // b is granted a reserved slot
                assertTrue(puts.get(0).cancel(false));  // before it resumes
                assertEquals("cancelled", shortOutcome(puts.get(0)));
                assertTrue(q.full());                   // the slot passed to c
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(1)));
                assertEquals(List.of("c"), drain(q));   // b never entered
                q.taskDone();                           // a
                q.taskDone();                           // c
                assertThrows(IllegalStateException.class, q::taskDone); // b was never counted
            });
        }

        @Test
        void putCancelledAfterItResumedIsTooLate() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b"), q::getNowait, () -> {
                assertFalse(puts.get(0).cancel(false));
                assertEquals(List.of("b"), drain(q));
            });
        }

        @Test
        void unfinishedCountRisesWhenAGrantedPutsItemEnters() {
            Queue<String> q = new Queue<>(1);
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                q.putAsync("b");
            }, () -> {
                q.getNowait();
                q.taskDone();
                assertTrue(nothingUnfinished(q)); // b is granted, has not entered
            }, () -> assertFalse(nothingUnfinished(q)));
        }

        @Test
        void putMadeOffTheLoopCompletesOnTheThreadThatFreesTheSlot() {
            Queue<String> q = new Queue<>(1);
            q.putNowait("a");
            CompletableFuture<Void> put = q.putAsync("b"); // the test thread runs no loop
            assertEquals("pending", shortOutcome(put));
            assertEquals("a", q.getNowait());
            assertEquals("value:null", shortOutcome(put)); // completed inside getNowait, after the state was consistent
            assertEquals(1, q.qsize());
        }
    }

    @Nested
    class Getting { // §8.3

        @Test
        void getNowaitTakesTheNextItemAndReservesTheFreedSlotForTheFirstPutter() {
            Queue<String> q = new Queue<>(2);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b", "c"), () -> {
                assertEquals("a", q.getNowait());
                assertEquals(1, q.qsize());
                assertTrue(q.full());
            }, () -> assertEquals(List.of("b", "c"), drain(q)));
        }

        @Test
        void getNowaitOnAnEmptyQueueThrowsQueueEmpty() {
            assertThrows(QueueEmptyException.class, () -> new Queue<>().getNowait());
        }

        @Test
        void getOnAnEmptyShutDownQueueFailsWithShutDown() {
            Queue<String> plain = new Queue<>(), immediate = new Queue<>();
            plain.shutdown();
            immediate.shutdown(true);
            for (Queue<String> q : List.of(plain, immediate)) {
                assertThrows(QueueShutDownException.class, q::getNowait);
                assertEquals("QueueShutDownException", shortOutcome(q.getAsync()));
            }
        }

        @Test
        void getNeverChangesTheUnfinishedCount() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.getNowait();
            assertFalse(nothingUnfinished(q));
            q.taskDone();
            assertTrue(nothingUnfinished(q));
        }

        @Test
        void getAsyncOnANonEmptyQueueCompletesAtOnce() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            runStepsInCallbacks(() -> assertEquals("value:a", shortOutcome(q.getAsync())));
        }

        @Test
        void gettersAreServedInArrivalOrderOnALaterIteration() {
            Queue<Integer> q = new Queue<>();
            List<String> log = new ArrayList<>();
            runStepsInCallbacks(() -> {
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    q.getAsync().thenAccept(item -> log.add("getter " + n + " got " + item));
                }
            }, () -> {
                q.putNowait(10);
                q.putNowait(20);
                q.putNowait(30);
                log.add("put all");
            }, () -> assertEquals(List.of("put all", "getter 1 got 10", "getter 2 got 20", "getter 3 got 30"), log));
        }

        @Test
        void pendingGetterFailsWhenTheQueueShutsDown() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), q::shutdown,
                    () -> assertEquals("QueueShutDownException", shortOutcome(gets.get(0))));
        }

        @Test
        void getCancelledWhilePendingIsWithdrawn() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(queueGets(q, gets, 2), () -> {
                assertTrue(gets.get(0).cancel(false));
                q.putNowait("a");
            }, () -> {
                assertEquals("cancelled", shortOutcome(gets.get(0)));
                assertEquals("value:a", shortOutcome(gets.get(1)));
            });
        }

        @Test
        void getCancelledAfterTheHandOffPassesTheItemToTheNextGetter() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(queueGets(q, gets, 2), () -> {
                q.putNowait("a");
                assertTrue(gets.get(0).cancel(false));
                assertEquals(0, q.qsize());
            }, () -> {
                assertEquals("cancelled", shortOutcome(gets.get(0)));
                assertEquals("value:a", shortOutcome(gets.get(1)));
            });
        }

        @Test
        void getCancelledAfterTheHandOffPutsTheItemBackAheadOfLaterItems() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
                q.putNowait("a");
                q.putNowait("b");
                q.putNowait("c");
                assertTrue(gets.get(0).cancel(false));
                assertEquals(3, q.qsize());
            }, () -> {
                assertEquals(List.of("a", "b", "c"), drain(q));
                for (int i = 0; i < 3; i++) q.taskDone(); // the count did not change
                assertTrue(nothingUnfinished(q));
            });
        }

        @Test
        void itemsGivenBackInAnyOrderReturnInTheOrderTheyEntered() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
                q.putNowait("a");         // handed to getter 0
                q.putNowait("b");
                assertEquals("b", q.getNowait());
                gets.add(q.getAsync());
                q.putNowait("c");         // handed to getter 1
                q.putNowait("d");
                assertTrue(gets.get(1).cancel(false));
                assertTrue(gets.get(0).cancel(false));
            }, () -> assertEquals(List.of("a", "c", "d"), drain(q)));
        }

        @Test
        void anItemGivenBackMayTakeABoundedQueuePastItsMaxsize() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
                q.putNowait("a");
                q.putNowait("b");
                gets.get(0).cancel(false);
                assertEquals(2, q.qsize());
                assertTrue(q.full());
                assertThrows(QueueFullException.class, () -> q.putNowait("c"));
            }, () -> assertEquals(List.of("a", "b"), drain(q)));
        }

        @Test
        void getCancelledAfterItResumedIsTooLate() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> q.putNowait("a"), () -> {
                assertFalse(gets.get(0).cancel(false));
                assertEquals("value:a", shortOutcome(gets.get(0)));
                assertTrue(q.empty());
            });
        }

        @Test
        void getCancelledAfterTheHandOffAndAnImmediateShutdownDiscardsTheItemAsDone() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<?>> f = new ArrayList<>();
            runStepsInCallbacks(() -> f.add(q.getAsync()), () -> {
                q.putNowait("a");
                f.add(q.joinAsync());
                q.shutdown(true);
                assertTrue(f.get(0).cancel(false));
                assertTrue(q.empty());
            }, () -> assertEquals("value:null", shortOutcome(f.get(1))));
        }
    }

    @Nested
    class TaskDoneAndJoin { // §8.4

        @Test
        void taskDoneWithNothingUnfinishedThrows() {
            Queue<String> q = new Queue<>();
            assertThrows(IllegalStateException.class, q::taskDone);
            q.putNowait("a");
            q.taskDone();
            assertThrows(IllegalStateException.class, q::taskDone);
        }

        @Test
        void joinerCountCountsPendingJoinsOnly() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            CompletableFuture<Void> first = q.joinAsync(), second = q.joinAsync();
            assertEquals(2, q.joinerCount());
            first.cancel(false);
            assertEquals(1, q.joinerCount());
            q.getNowait();
            q.taskDone(); // grants the other: no longer pending
            assertEquals(0, q.joinerCount());
            assertTrue(second.isDone());
        }

        @Test
        void joinCompletesAtOnceWithNothingUnfinished() {
            runStepsInCallbacks(() -> assertTrue(new Queue<String>().joinAsync().isDone()));
        }

        @Test
        void everyJoinCompletesWhenTheLastItemIsDone() {
            Queue<Integer> q = new Queue<>();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            runStepsInCallbacks(() -> {
                for (int i = 0; i < 3; i++) q.putNowait(i);
                joins.add(q.joinAsync());
                joins.add(q.joinAsync());
            }, () -> {
                drain(q);
                q.taskDone();
                q.taskDone();
            }, () -> {
                assertEquals("pending", shortOutcome(joins.get(0)));
                q.taskDone();
                assertEquals("pending", shortOutcome(joins.get(0))); // resumes on a later iteration
            }, () -> {
                assertEquals("value:null", shortOutcome(joins.get(0)));
                assertEquals("value:null", shortOutcome(joins.get(1)));
            });
        }

        @Test
        void anItemHandedToAGetterIsUnfinishedUntilItsTaskIsDone() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<?>> f = new ArrayList<>();
            runStepsInCallbacks(() -> f.add(q.getAsync()), () -> {
                q.putNowait("a");
                f.add(q.joinAsync());
            }, () -> {
                assertEquals("value:a", shortOutcome(f.get(0)));
                assertEquals("pending", shortOutcome(f.get(1)));
                q.taskDone();
            }, () -> assertEquals("value:null", shortOutcome(f.get(1))));
        }

        @Test
        void joinIgnoresAPlainShutdown() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                joins.add(q.joinAsync());
            }, () -> {
                q.shutdown();
                q.getNowait();
            }, () -> {
                assertEquals("pending", shortOutcome(joins.get(0)));
                q.taskDone(); // still counts after shutdown
            }, () -> assertEquals("value:null", shortOutcome(joins.get(0))));
        }

        @Test
        void joinCancelledIsOnlyWithdrawn() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                joins.add(q.joinAsync());
                joins.add(q.joinAsync());
            }, () -> {
                assertTrue(joins.get(0).cancel(false));
                assertEquals("Queue[open, maxsize:0, qsize:1, joiners:1, unfinished:1]", q.toString());
                q.getNowait();
                q.taskDone();
            }, () -> {
                assertEquals("cancelled", shortOutcome(joins.get(0)));
                assertEquals("value:null", shortOutcome(joins.get(1)));
            });
        }
    }

    @Nested
    class Shutdown { // §8.5

        @Test
        void shutdownIsIdempotentAndEveryLaterPutFails() {
            Queue<String> q = new Queue<>(5);
            q.shutdown();
            q.shutdown();
            assertThrows(QueueShutDownException.class, () -> q.putNowait("a"));
            assertEquals("QueueShutDownException", shortOutcome(q.putAsync("a")));
            assertTrue(q.empty());
        }

        @Test
        void afterAPlainShutdownGetsTakeTheRemainingItemsThenFail() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.putNowait("b");
            q.shutdown();
            runStepsInCallbacks(() -> {
                assertEquals("value:a", shortOutcome(q.getAsync()));
                assertEquals("b", q.getNowait());
                assertThrows(QueueShutDownException.class, q::getNowait);
                assertEquals("QueueShutDownException", shortOutcome(q.getAsync()));
            });
        }

        @Test
        void immediateShutdownDiscardsTheItemsCountsThemDoneAndCompletesJoins() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            runStepsInCallbacks(() -> {
                q.putNowait("a");
                q.putNowait("b");
                q.putNowait("c");
                assertEquals("a", q.getNowait()); // a is being handled
                joins.add(q.joinAsync());
            }, () -> {
                q.shutdown(true);
                assertEquals(0, q.qsize());
                assertThrows(QueueShutDownException.class, q::getNowait);
            }, () -> {
                assertEquals("pending", shortOutcome(joins.get(0))); // a is still unfinished
                q.taskDone();
            }, () -> assertEquals("value:null", shortOutcome(joins.get(0))));
        }

        @Test
        void immediateShutdownNeverTakesTheCountBelowZero() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.putNowait("b");
            q.taskDone();
            q.taskDone();
            q.shutdown(true);
            assertTrue(nothingUnfinished(q));
            assertThrows(IllegalStateException.class, q::taskDone);
        }

        @Test
        void aLaterImmediateShutdownStillDrains() {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.shutdown();
            assertEquals(1, q.qsize());
            q.shutdown(true);
            assertEquals(0, q.qsize());
            assertTrue(nothingUnfinished(q));
            q.shutdown(false);
            assertEquals("Queue[shut down immediately, maxsize:0, qsize:0]", q.toString());
        }

        @Test
        void shutdownFailsEveryPendingGetterAndPutter() {
            Queue<String> empty = new Queue<>(), full = new Queue<>(1);
            List<CompletableFuture<?>> f = new ArrayList<>();
            runStepsInCallbacks(() -> {
                f.add(empty.getAsync());
                f.add(empty.getAsync());
                full.putNowait("a");
                f.add(full.putAsync("b"));
                f.add(full.putAsync("c"));
            }, () -> {
                empty.shutdown(true);
                full.shutdown(false);
            }, () -> {
                for (CompletableFuture<?> each : f) assertEquals("QueueShutDownException", shortOutcome(each));
                assertEquals(List.of("a"), drain(full));
            });
        }

        @Test
        void aGetterHandedAnItemStillGetsItAfterAnImmediateShutdown() {
            Queue<String> q = new Queue<>();
            List<CompletableFuture<String>> gets = new ArrayList<>();
            runStepsInCallbacks(() -> gets.add(q.getAsync()), () -> {
                q.putNowait("a");
                q.shutdown(true);
            }, () -> {
                assertEquals("value:a", shortOutcome(gets.get(0)));
                assertFalse(nothingUnfinished(q)); // a's task is not done
            });
        }

        @Test
        void aPutterGrantedASlotStillCompletesAfterAPlainShutdownAndItsItemEnters() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b"), () -> {
                q.getNowait();
                q.shutdown();
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(0)));
                assertEquals("b", q.getNowait());
                assertThrows(QueueShutDownException.class, q::getNowait);
            });
        }

        @Test
        void aPutterGrantedASlotCompletesAfterAnImmediateShutdownAndItsItemIsDiscarded() {
            Queue<String> q = new Queue<>(1);
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            runStepsInCallbacks(fillThenQueuePuts(q, puts, "a", "b"), () -> {
                q.getNowait();
                q.shutdown(true);
            }, () -> {
                assertEquals("value:null", shortOutcome(puts.get(0)));
                assertEquals(0, q.qsize());
                assertFalse(q.full());
                q.taskDone(); // a
                assertTrue(nothingUnfinished(q)); // b was discarded as it entered, counted as done
            });
        }
    }

    @Nested
    class ServiceProviderEntries {

        @Test
        void nullWaiterOnlyAttempts() {
            Queue<String> q = new Queue<>(1);
            assertNull(WaiterSpi.get(q, null));
            assertTrue(WaiterSpi.put(q, "a", null));
            assertFalse(WaiterSpi.put(q, "b", null));
            assertFalse(WaiterSpi.join(q, null));
            assertEquals("Queue[open, maxsize:1, qsize:1, unfinished:1]", q.toString());
            assertEquals("a", WaiterSpi.get(q, null));
        }

        @Test
        void pollOrEnqueueOnAnEmptyShutDownQueueThrows() {
            Queue<String> q = new Queue<>();
            q.shutdown();
            assertThrows(QueueShutDownException.class, () -> WaiterSpi.get(q, new RecordingWaiter<>()));
            assertThrows(QueueShutDownException.class, () -> WaiterSpi.put(q, "a", new RecordingWaiter<>()));
        }

        @Test
        void aReservedPutEntersOnlyWhenTheCallerAcceptsIt() {
            Queue<String> q = new Queue<>(1);
            RecordingWaiter<Void> putter = new RecordingWaiter<>();
            q.putNowait("a");
            assertFalse(WaiterSpi.put(q, "b", putter));
            assertThrows(IllegalStateException.class, () -> putter.accept()); // still pending
            q.getNowait();
            assertEquals(List.of("resumed:null"), putter.events);
            assertEquals(0, q.qsize());
            assertTrue(q.full());
            putter.accept();
            assertEquals(1, q.qsize());
            assertThrows(IllegalStateException.class, () -> putter.accept());
            putter.giveBack(); // after the commit: nothing to give back
            assertEquals(List.of("b"), drain(q));
        }

        @Test
        void givingBackAnUncommittedSlotPassesItToTheNextPutter() {
            Queue<String> q = new Queue<>(1);
            RecordingWaiter<Void> first = new RecordingWaiter<>(), second = new RecordingWaiter<>();
            q.putNowait("a");
            WaiterSpi.put(q, "b", first);
            WaiterSpi.put(q, "c", second);
            q.getNowait();
            first.giveBack();
            assertEquals(List.of("resumed:null"), second.events);
            assertThrows(IllegalStateException.class, () -> first.accept());
            second.accept();
            assertEquals(List.of("c"), drain(q));
            q.taskDone();
            q.taskDone();
            assertTrue(nothingUnfinished(q)); // b never entered
        }

        @Test
        void anItemGivenBackByAGetterGoesWhereItWouldBe() {
            Queue<String> q = new Queue<>();
            RecordingWaiter<String> getter = new RecordingWaiter<>();
            assertNull(WaiterSpi.get(q, getter));
            q.putNowait("a");
            assertEquals(List.of("resumed:a"), getter.events);
            q.putNowait("b");
            getter.giveBack();
            getter.giveBack(); // once only
            assertEquals(List.of("a", "b"), drain(q));
        }

        @Test
        void waitersFailWithShutDownAndJoinersResume() {
            Queue<String> q = new Queue<>(1);
            RecordingWaiter<Void> putter = new RecordingWaiter<>(), joiner = new RecordingWaiter<>();
            q.putNowait("a");
            assertFalse(WaiterSpi.put(q, "b", putter));
            assertFalse(WaiterSpi.join(q, joiner));
            q.shutdown(true);
            assertEquals(List.of("failed:QueueShutDownException"), putter.events);
            assertEquals(List.of("resumed:null"), joiner.events);
            assertThrows(IllegalStateException.class, () -> putter.accept());
        }
    }
}
