package dev.asyncio4j;

import static dev.asyncio4j.Testing.s;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The task examples of the seed document, in Java, on a virtual clock. Each prints the lines that
 * the Python original prints (checked against CPython 3.11; the document's own listings of
 * examples 2, 3, 4 and 5 differ from what CPython prints, and CPython is followed).
 */
class SeedExamplesTest {
    private final List<String> out = new ArrayList<>();

    private void print(String line) {
        out.add(line);
    }

    private static <T> T asyncioRun(Supplier<? extends CompletionStage<T>> main) {
        return Asyncio.run(EventLoop.withVirtualClock(), main);
    }

    /** Python's repr of a list of strings. */
    private static String pyList(List<?> items) {
        return items.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    @Test
    void example1CreateTaskRunsConcurrently() {
        asyncioRun(() -> {
            List<Task<String>> tasks = IntStream.rangeClosed(1, 3).mapToObj(id -> Asyncio.createTask(() -> {
                print("Fetching data from server " + id);
                return Asyncio.sleep(s(id), "Data from server " + id);
            })).toList();
            return Asyncio.waitFor(Asyncio.gather(tasks), s(4)).thenAccept(results -> {
                print("Results: " + pyList(results));
                assertEquals(3_000_000_000L, EventLoop.running().time()); // 3 s, not 6
            });
        });
        assertEquals(List.of("Fetching data from server 1", "Fetching data from server 2", "Fetching data from server 3",
                "Results: ['Data from server 1', 'Data from server 2', 'Data from server 3']"), out);
    }

    @Test
    void example2GatherWithReturnExceptions() {
        asyncioRun(() -> {
            CompletionStage<?>[] tasks = IntStream.range(0, 3).mapToObj(id -> Asyncio.createTask(() -> {
                print("Starting operation " + id);
                return Asyncio.sleep(s(1)).thenApply(v -> {
                    if (id == 2) throw new IllegalArgumentException("Error in operation " + id);
                    return "Result " + id;
                });
            })).toArray(CompletionStage<?>[]::new);
            return Asyncio.gather(true, tasks).thenAccept(results -> {
                for (Object result : results) print("Result: " + (result instanceof Throwable t ? t.getMessage() : result));
            });
        });
        assertEquals(List.of("Starting operation 0", "Starting operation 1", "Starting operation 2",
                "Result: Result 0", "Result: Result 1", "Result: Error in operation 2"), out);
    }

    @Test
    void example3TaskGroupWithAFailingItem() {
        try {
            asyncioRun(() -> {
                List<Task<String>> tasks = new ArrayList<>();
                return TaskGroup.run(tg -> {
                    for (int i = 1; i <= 4; i++) {
                        int item = i;
                        tasks.add(tg.createTask(() -> {
                            print("Processing item " + item);
                            return Asyncio.sleep(s(item)).thenApply(v -> {
                                if (item == 3) throw new IllegalArgumentException("Failed to process item " + item);
                                return "Processed " + item;
                            });
                        }));
                    }
                    return CompletableFuture.completedFuture(null);
                }).thenRun(() -> {
                    for (Task<String> task : tasks) {
                        if (task.isDone() && !task.isCancelled()) print("Result: " + task.result());
                    }
                });
            });
        } catch (ExceptionGroup e) {
            print("TaskGroup caught: " + e.getMessage());
        }
        assertEquals(List.of("Processing item 1", "Processing item 2", "Processing item 3", "Processing item 4",
                "TaskGroup caught: unhandled errors in a TaskGroup (1 sub-exception)"), out);
    }

    private CompletableFuture<Void> backgroundMonitor() {
        print("Monitoring...");
        return Asyncio.sleep(s(2)).thenCompose(v -> backgroundMonitor());
    }

    private CompletableFuture<Void> mainSteps(int i) {
        if (i == 3) return CompletableFuture.completedFuture(null);
        print("Main step " + i);
        return Asyncio.sleep(s(1)).thenCompose(v -> mainSteps(i + 1));
    }

    @Test
    void example4BackgroundTaskCancelledAfterTheMainWork() {
        asyncioRun(() -> {
            Task<Void> task = Asyncio.createTask(this::backgroundMonitor);
            return mainSteps(0).thenCompose(v -> {
                task.cancel();
                return task.handle((r, e) -> {
                    if (Task.unwrap(e) instanceof CancellationException) print("Background task cancelled");
                    return null;
                });
            });
        });
        assertEquals(List.of("Main step 0", "Monitoring...", "Main step 1", "Monitoring...", "Main step 2",
                "Background task cancelled"), out);
    }

    @Test
    void example5TimeoutInsideATaskGroup() {
        asyncioRun(() -> TaskGroup.run(tg -> {
            List<Task<String>> tasks = IntStream.rangeClosed(1, 3).mapToObj(id -> tg.createTask(() -> {
                print("Task " + id + " started");
                return Asyncio.sleep(s(id * 2)).thenApply(v -> {
                    print("Task " + id + " completed");
                    return "Result " + id;
                });
            })).toList();
            return Asyncio.waitFor(Asyncio.gather(true, tasks.toArray(CompletionStage<?>[]::new)), s(3))
                    .thenAccept(results -> print("Results: " + results));
        }).handle((v, e) -> {
            Throwable error = Task.unwrap(e);
            if (error instanceof TimeoutException) print("Timeout! Tasks were cancelled by TaskGroup");
            else if (error != null) print("Error: " + error.getMessage());
            return null;
        }));
        assertEquals(List.of("Task 1 started", "Task 2 started", "Task 3 started", "Task 1 completed",
                "Error: unhandled errors in a TaskGroup (1 sub-exception)"), out);
    }
}
