package dev.asyncio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Visibility into a running loop: all_tasks, current_task and the call graph (issue 17, item 4). */
class TaskGraphTest {

    @Test
    void allTasksListsTheUnfinishedTasksInCreationOrder() {
        List<Object> seen = new ArrayList<>();
        Testing.runVirtual(() -> {
            Task<?> main = Task.current();
            Task<Void> a = Asyncio.createTask(() -> Asyncio.sleep(Duration.ofSeconds(1)));
            Task<Void> b = Asyncio.createTask(() -> Asyncio.sleep(Duration.ofSeconds(2)));
            seen.add(new ArrayList<>(Asyncio.allTasks()).equals(List.of(main, a, b)));
            return Asyncio.sleep(Duration.ofMillis(1500)).thenApply(v -> {
                seen.add(new ArrayList<>(Asyncio.allTasks()).equals(List.of(main, b)));
                return null;
            });
        });
        assertEquals(List.of(true, true), seen);
    }

    @Test
    void allTasksWithoutARunningLoopThrowsAndTheSnapshotIsUnmodifiable() {
        assertThrows(IllegalStateException.class, Asyncio::allTasks);
        Set<Task<?>> tasks = Testing.runVirtual(() -> CompletableFuture.completedFuture(Asyncio.allTasks()));
        assertThrows(UnsupportedOperationException.class, tasks::clear);
    }

    @Test
    void allTasksOfAStartedLoopIsReadFromAnotherThread() throws Exception {
        Event never = new Event();
        try (EventLoop loop = new EventLoop().start()) {
            Task<Void> stuck = loop.createTask("stuck", never::waitAsync);
            assertEquals(Set.of(stuck), loop.allTasks());
            stuck.cancel();
            assertTrue(awaitTrue(() -> loop.allTasks().isEmpty()), "the cancelled task leaves allTasks");
        }
    }

    @Test
    void currentTaskIsTheRunningTaskNullBetweenTasksAndThrowsWithoutALoop() {
        assertThrows(IllegalStateException.class, Asyncio::currentTask);
        List<Object> seen = new ArrayList<>();
        Testing.runVirtual(() -> {
            seen.add(Asyncio.currentTask() == Task.current());
            CompletableFuture<Void> done = new CompletableFuture<>();
            EventLoop.running().callSoon(() -> {
                seen.add(Asyncio.currentTask());
                done.complete(null);
            });
            return done;
        });
        List<Object> expected = new ArrayList<>();
        expected.add(true);
        expected.add(null);
        assertEquals(expected, seen);
    }

    @Test
    void dumpTasksShowsATaskAwaitingAGatherOfTwoTasksAsATree() {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<TaskGraph> graph = new AtomicReference<>();
        AtomicReference<String> mainName = new AtomicReference<>();
        Testing.runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            mainName.set(Task.current().name());
            Event event = new Event();
            Task<Void> sleeper = loop.createTask("sleeper", () -> Asyncio.sleep(Duration.ofSeconds(10)));
            Task<Void> waiter = loop.createTask("waiter", event::waitAsync);
            loop.callLater(Duration.ofSeconds(1), () -> {
                dump.set(loop.dumpTasks());
                graph.set(TaskGraph.capture(loop));
                event.set();
            });
            return Asyncio.gather(List.of(sleeper, waiter));
        });
        String expected = "└── " + mainName.get() + " waits on gather(sleeper, waiter)\n"
                + "    ├── sleeper waits on sleep\n"
                + "    └── waiter waits on Event[unset, waiters:1]";
        String[] lines = dump.get().split("\n", 2);
        assertTrue(lines[0].endsWith(": 3 tasks"), dump.get());
        assertEquals(expected, lines[1]);
        TaskGraph.Node sleeper = graph.get().tasks().get(1);
        assertEquals("sleeper waits on sleep, awaited by " + mainName.get(), sleeper.toString());
        assertEquals(List.of(graph.get().tasks().get(0)), graph.get().roots());
    }

    @Test
    void taskGraphFollowsWaitForAndATaskGroupDownToTheTasks() {
        AtomicReference<String> dump = new AtomicReference<>();
        Testing.runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            Task<Void> child = loop.createTask("child", () -> Asyncio.sleep(Duration.ofSeconds(5)));
            loop.callLater(Duration.ofSeconds(1), () -> dump.set(loop.dumpTasks()));
            return TaskGroup.run(group -> {
                group.createTask("member", () -> Asyncio.waitFor(child, null));
                return CompletableFuture.completedFuture(null);
            });
        });
        assertTrue(dump.get().contains("waits on TaskGroup.Run(member)\n"), dump.get());
        assertTrue(dump.get().contains("member waits on waitFor(child)\n"), dump.get());
        assertTrue(dump.get().endsWith("child waits on sleep"), dump.get());
    }

    @Test
    void tasksAwaitingEachOtherAreShownOnceMoreAsACycle() {
        AtomicReference<String> dump = new AtomicReference<>();
        Testing.runVirtual(() -> {
            EventLoop loop = EventLoop.running();
            AtomicReference<Task<Object>> a = new AtomicReference<>(), b = new AtomicReference<>();
            a.set(loop.createTask("a", () -> Asyncio.wrapFuture(b.get())));
            b.set(loop.createTask("b", () -> Asyncio.wrapFuture(a.get())));
            loop.callLater(Duration.ofSeconds(1), () -> {
                dump.set(loop.dumpTasks());
                a.get().cancel();
            });
            return Asyncio.sleep(Duration.ofSeconds(2));
        });
        assertTrue(dump.get().contains("\n└── a waits on wrapFuture(b)\n    └── b waits on wrapFuture(a)\n        └── a (cycle)"), dump.get());
    }

    @Test
    void dumpTasksFromAnotherThreadIsBuiltOnTheLoop() throws Exception {
        Event never = new Event();
        try (EventLoop loop = new EventLoop().start()) {
            loop.createTask("stuck", never::waitAsync);
            assertTrue(awaitTrue(() -> loop.dumpTasks().endsWith("└── stuck waits on Event[unset, waiters:1]")), loop.dumpTasks());
            assertTrue(!loop.dumpTasks().contains("did not answer"), loop.dumpTasks());
        }
    }

    @Test
    void dumpTasksOfALoopBlockedInACallbackSaysSoAndShowsWhereItsThreadIs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        try (EventLoop loop = new EventLoop().start()) {
            loop.createTask("late", () -> Asyncio.sleep(Duration.ofHours(1)));
            loop.callSoon(() -> {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            String dump = loop.dumpTasks();
            release.countDown();
            assertTrue(dump.contains("did not answer"), dump);
            assertTrue(dump.contains("CountDownLatch.await"), dump);
            assertTrue(dump.contains("late waits on"), dump);
        }
    }

    /** Polls {@code condition} for up to 10 s. */
    static boolean awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(5);
        }
        return true;
    }
}
