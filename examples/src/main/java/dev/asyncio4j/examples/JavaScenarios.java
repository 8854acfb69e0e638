package dev.asyncio4j.examples;

import static dev.asyncio4j.examples.Coroutines.done;
import static dev.asyncio4j.examples.Coroutines.except;
import static dev.asyncio4j.examples.Coroutines.forEach;
import static dev.asyncio4j.examples.Coroutines.gather;
import static dev.asyncio4j.examples.Coroutines.range;
import static dev.asyncio4j.examples.Coroutines.repeat;
import static dev.asyncio4j.examples.Coroutines.whileLoop;
import static dev.asyncio4j.examples.Py.repr;
import static dev.asyncio4j.examples.Py.seconds;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Barrier;
import dev.asyncio4j.BoundedSemaphore;
import dev.asyncio4j.Condition;
import dev.asyncio4j.Event;
import dev.asyncio4j.EventLoop;
import dev.asyncio4j.ExceptionGroup;
import dev.asyncio4j.Lock;
import dev.asyncio4j.Queue;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.Task;
import dev.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The seed documents' examples in Java, one method per Python program (examples/python/*.py),
 * each printing to {@code out} what CPython prints. {@code asyncio.run(main())} is
 * {@code asyncio.run(() -> main)}: on a virtual clock unless the runner is real-time.
 */
final class JavaScenarios {
    private JavaScenarios() {
    }

    static void helloWorld(Out out, Runner asyncio) {
        Supplier<CompletionStage<Void>> sayHello = () -> {
            out.println("Hello");
            return Asyncio.sleep(seconds(1)).thenRun(() -> out.println("World"));
        };
        asyncio.run(() -> gather(sayHello, sayHello));
    }

    static void eventLoop(Out out, Runner asyncio) {
        Supplier<CompletionStage<Void>> task1 = () -> {
            out.println("Task 1 started");
            return Asyncio.sleep(seconds(2)).thenRun(() -> out.println("Task 1 finished"));
        };
        Supplier<CompletionStage<Void>> task2 = () -> {
            out.println("Task 2 started");
            return Asyncio.sleep(seconds(1)).thenRun(() -> out.println("Task 2 finished"));
        };
        asyncio.run(() -> gather(task1, task2));
    }

    static void coroutines(Out out, Runner asyncio) {
        Supplier<CompletionStage<Map<String, Integer>>> fetchData = () -> {
            out.println("Fetching data...");
            return Asyncio.sleep(seconds(1), Map.of("data", 42));
        };
        Supplier<CompletionStage<String>> processData = () -> {
            out.println("Processing data...");
            return Asyncio.sleep(seconds(0.5), "Processed");
        };
        asyncio.run(() -> fetchData.get().thenCompose(result1 -> processData.get()
                .thenAccept(result2 -> out.println("Results: " + repr(result1) + ", " + result2))));
    }

    static void createTaskGather(Out out, Runner asyncio) {
        Function<Integer, CompletionStage<String>> fetchData = serverId -> {
            out.println("Fetching data from server " + serverId);
            return Asyncio.sleep(seconds(serverId), "Data from server " + serverId);
        };
        asyncio.run(() -> {
            Task<String> task1 = Asyncio.createTask(() -> fetchData.apply(1));
            Task<String> task2 = Asyncio.createTask(() -> fetchData.apply(2));
            Task<String> task3 = Asyncio.createTask(() -> fetchData.apply(3));
            return Asyncio.waitFor(Asyncio.gather(List.of(task1, task2, task3)), seconds(4))
                    .thenAccept(results -> out.println("Results: " + repr(results)));
        });
    }

    static void gatherReturnExceptions(Out out, Runner asyncio) {
        Function<Integer, CompletionStage<String>> riskyOperation = id -> {
            out.println("Starting operation " + id);
            return Asyncio.sleep(seconds(1)).thenApply(v -> {
                if (id == 2) throw new IllegalArgumentException("Error in operation " + id);
                return "Result " + id;
            });
        };
        asyncio.run(() -> {
            CompletionStage<?>[] tasks = range(3).stream().map(i -> Asyncio.createTask(() -> riskyOperation.apply(i)))
                    .toArray(CompletionStage<?>[]::new);
            return Asyncio.gather(true, tasks).thenAccept(results -> {
                for (Object result : results) out.println("Result: " + (result instanceof Throwable e ? e.getMessage() : result));
            });
        });
    }

    static void taskGroupFailingItem(Out out, Runner asyncio) {
        Function<Integer, CompletionStage<String>> processItem = item -> {
            out.println("Processing item " + item);
            return Asyncio.sleep(seconds(item)).thenApply(v -> {
                if (item == 3) throw new IllegalArgumentException("Failed to process item " + item);
                return "Processed " + item;
            });
        };
        try {
            asyncio.run(() -> {
                List<Task<String>> tasks = new ArrayList<>();
                return TaskGroup.run(tg -> {
                    for (int i = 1; i < 5; i++) {
                        int item = i;
                        tasks.add(tg.createTask(() -> processItem.apply(item)));
                    }
                    return done();
                }).thenRun(() -> {
                    for (Task<String> task : tasks) {
                        if (task.isDone() && !task.isCancelled()) {
                            try {
                                out.println("Result: " + task.result());
                            } catch (RuntimeException e) {
                                out.println("Error: " + e.getMessage());
                            }
                        }
                    }
                });
            });
        } catch (RuntimeException e) {
            out.println("TaskGroup caught: " + e.getMessage());
        }
    }

    static void backgroundMonitor(Out out, Runner asyncio) {
        Supplier<CompletionStage<Void>> backgroundMonitor = () -> repeat(() -> {
            out.println("Monitoring...");
            return Asyncio.sleep(seconds(2), true);
        });
        asyncio.run(() -> {
            Task<Void> task = Asyncio.createTask(backgroundMonitor);
            return forEach(range(3), i -> {
                out.println("Main step " + i);
                return Asyncio.sleep(seconds(1));
            }).thenCompose(v -> {
                task.cancel();
                return except(task, CancellationException.class, e -> {
                    out.println("Background task cancelled");
                    return done();
                });
            });
        });
    }

    static void timeoutTaskGroup(Out out, Runner asyncio) {
        Function<Integer, CompletionStage<String>> longTask = id -> {
            out.println("Task " + id + " started");
            return Asyncio.sleep(seconds(id * 2)).thenApply(v -> {
                out.println("Task " + id + " completed");
                return "Result " + id;
            });
        };
        asyncio.run(() -> {
            CompletableFuture<Void> group = TaskGroup.run(tg -> {
                CompletionStage<?>[] tasks = List.of(1, 2, 3).stream().map(i -> tg.createTask(() -> longTask.apply(i)))
                        .toArray(CompletionStage<?>[]::new);
                return Asyncio.waitFor(Asyncio.gather(true, tasks), seconds(3))
                        .thenAccept(results -> out.println("Results: " + repr(results)));
            });
            return except(except(group, TimeoutException.class, e -> {
                out.println("Timeout! Tasks were cancelled by TaskGroup");
                return done();
            }), ExceptionGroup.class, e -> {
                out.println("Error: " + e.getMessage());
                return done();
            });
        });
    }

    static void future(Out out, Runner asyncio) {
        Function<CompletableFuture<String>, CompletionStage<Void>> setFutureResult =
                future -> Asyncio.sleep(seconds(1)).thenRun(() -> future.complete("Future resolved!"));
        asyncio.run(() -> {
            CompletableFuture<String> future = new CompletableFuture<>();
            Asyncio.createTask(() -> setFutureResult.apply(future));
            return Asyncio.wrapFuture(future).thenAccept(out::println);
        });
    }

    static void restroomLock(Out out, Runner asyncio) {
        Lock restroomLock = new Lock();
        Function<String, CompletionStage<Void>> useRestroom = user -> restroomLock.acquireAsync().thenCompose(v -> {
            out.println(user + " is using the restroom.");
            return Asyncio.sleep(seconds(1));
        }).thenRun(() -> {
            out.println(user + " leaves the restroom.");
            restroomLock.release();
        });
        asyncio.run(() -> gather(List.of("Alice", "Bob", "Carol"), useRestroom));
    }

    static void raceCondition(Out out, Runner asyncio) {
        int[] value = {0};
        Supplier<CompletionStage<Void>> task = () -> {
            int tmp = value[0];
            return Asyncio.sleep(seconds(0.01)).thenCompose(v -> Asyncio.sleep(seconds(0.01), tmp + 1))
                    .thenAccept(newValue -> value[0] = newValue);
        };
        asyncio.run(() -> gather(range(10_000), i -> task.get()).thenRun(() -> out.println(String.valueOf(value[0]))));
    }

    static void raceConditionLock(Out out, Runner asyncio) {
        int[] value = {0};
        Function<Lock, CompletionStage<Void>> task = lock -> lock.withLockAsync(() -> {
            int tmp = value[0];
            return Asyncio.sleep(Duration.ZERO).thenCompose(v -> Asyncio.sleep(Duration.ZERO, tmp + 1))
                    .thenAccept(newValue -> value[0] = newValue);
        });
        asyncio.run(() -> {
            Lock lock = new Lock();
            return gather(range(10_000), i -> task.apply(lock)).thenRun(() -> out.println(String.valueOf(value[0])));
        });
    }

    static void counterLock(Out out, Runner asyncio) {
        int[] counter = {0};
        BiFunction<Lock, String, CompletionStage<Void>> incrementCounter = (lock, name) -> lock.withLockAsync(() -> {
            int current = counter[0];
            out.println(name + " read counter: " + current);
            return Asyncio.sleep(seconds(0.1)).thenRun(() -> {
                counter[0] = current + 1;
                out.println(name + " set counter: " + counter[0]);
            });
        });
        asyncio.run(() -> {
            Lock lock = new Lock();
            return gather(range(3), i -> incrementCounter.apply(lock, "Task " + i))
                    .thenRun(() -> out.println("Final counter: " + counter[0]));
        });
    }

    static void criticalSection(Out out, Runner asyncio) {
        Lock lock = new Lock();
        Supplier<CompletionStage<Void>> criticalSection = () -> lock.withLockAsync(() -> {
            out.println("Lock acquired");
            return Asyncio.sleep(seconds(1)).thenRun(() -> out.println("Lock released"));
        });
        asyncio.run(() -> gather(criticalSection, criticalSection));
    }

    static void eventTrigger(Out out, Runner asyncio) {
        BiFunction<Event, String, CompletionStage<Void>> waiter = (event, name) -> {
            out.println(name + " waiting for event");
            return event.waitAsync().thenRun(() -> out.println(name + " proceeding after event"));
        };
        Function<Event, CompletionStage<Void>> trigger = event -> {
            out.println("Trigger task started");
            return Asyncio.sleep(seconds(1)).thenRun(() -> {
                out.println("Setting event");
                event.set();
            });
        };
        asyncio.run(() -> {
            Event event = new Event();
            List<Supplier<CompletionStage<Void>>> tasks = new ArrayList<>();
            for (int i : range(3)) tasks.add(() -> waiter.apply(event, "Waiter " + i));
            tasks.add(() -> trigger.apply(event));
            return gather(tasks, Supplier::get);
        });
    }

    static void eventWaiter(Out out, Runner asyncio) {
        Function<Event, CompletionStage<Void>> waiter = event -> {
            out.println("waiting for it ...");
            return event.waitAsync().thenRun(() -> out.println("... got it!"));
        };
        asyncio.run(() -> {
            Event event = new Event();
            Task<Void> waiterTask = Asyncio.createTask(() -> waiter.apply(event));
            return Asyncio.sleep(seconds(1)).thenCompose(v -> {
                event.set();
                return waiterTask;
            });
        });
    }

    static void eventUnawaited(Out out, Runner asyncio) {
        Event event = new Event();
        Supplier<CompletionStage<Void>> waiter = () -> {
            out.println("Waiting for event");
            return event.waitAsync().thenRun(() -> out.println("Event received"));
        };
        asyncio.run(() -> {
            Asyncio.createTask(waiter);
            return Asyncio.sleep(seconds(2)).thenRun(event::set);
        });
    }

    static void conditionProducerConsumer(Out out, Runner asyncio) {
        BiFunction<Condition, List<Integer>, CompletionStage<Void>> producer = (condition, buffer) -> forEach(range(3),
                i -> condition.withLockAsync(() -> {
                    buffer.add(i);
                    out.println("Produced " + i + ", buffer: " + repr(buffer));
                    condition.signal(); // Notify one consumer
                    return done();
                }).thenCompose(v -> Asyncio.sleep(seconds(0.5))));
        record Consumer(Condition condition, List<Integer> buffer, String name) {
        }
        Function<Consumer, CompletionStage<Void>> consumer = c -> c.condition().withLockAsync(() -> whileLoop(c.buffer()::isEmpty, () -> {
            out.println(c.name() + " waiting for items");
            return c.condition().waitAsync();
        }).thenRun(() -> {
            int item = c.buffer().remove(0);
            out.println(c.name() + " consumed " + item + ", buffer: " + repr(c.buffer()));
        }));
        asyncio.run(() -> {
            List<Integer> buffer = new ArrayList<>();
            Condition condition = new Condition();
            return gather(() -> producer.apply(condition, buffer),
                    () -> consumer.apply(new Consumer(condition, buffer, "Consumer 1")),
                    () -> consumer.apply(new Consumer(condition, buffer, "Consumer 2")));
        });
    }

    static void conditionBankAccount(Out out, Runner asyncio) {
        int[] account = {0};
        Condition condition = new Condition();
        BiFunction<String, Integer, CompletionStage<Void>> customer = (name, amount) -> condition.withLockAsync(() -> whileLoop(
                () -> account[0] < amount, () -> {
                    out.println(name + " waits to withdraw " + amount + " (balance " + account[0] + ")");
                    return condition.waitAsync();
                }).thenRun(() -> {
                    account[0] -= amount;
                    out.println(name + " withdrew " + amount);
                }));
        Supplier<CompletionStage<Void>> teller = () -> forEach(List.of(250, 250, 100), deposit -> Asyncio.sleep(seconds(1))
                .thenCompose(v -> condition.withLockAsync(() -> {
                    account[0] += deposit;
                    out.println("Deposited " + deposit + ", balance " + account[0]);
                    condition.signalAll();
                    return done();
                })));
        asyncio.run(() -> gather(() -> customer.apply("Alice", 100), () -> customer.apply("Bob", 200),
                () -> customer.apply("Charlie", 300), teller)
                .thenRun(() -> out.println("Final balance: " + account[0])));
    }

    static void semaphoreApiCalls(Out out, Runner asyncio) {
        BiFunction<Semaphore, String, CompletionStage<Void>> accessApi = (semaphore, name) -> semaphore.withPermitAsync(() -> {
            out.println(name + " making API call");
            return Asyncio.sleep(seconds(1)).thenRun(() -> out.println(name + " finished API call"));
        });
        asyncio.run(() -> {
            Semaphore semaphore = new Semaphore(2); // Allow 2 concurrent calls
            return gather(range(5), i -> accessApi.apply(semaphore, "Task " + i));
        });
    }

    static void semaphoreDownloads(Out out, Runner asyncio) {
        Semaphore sem = new Semaphore(3);
        Function<Integer, CompletionStage<Void>> limitedTask = n -> sem.withPermitAsync(() -> {
            out.println("Task " + n + " started");
            return Asyncio.sleep(seconds(2)).thenRun(() -> out.println("Task " + n + " finished"));
        });
        asyncio.run(() -> gather(range(5), limitedTask));
    }

    static void semaphoreResource(Out out, Runner asyncio) {
        Function<Semaphore, CompletionStage<Void>> limitedResource = sem -> sem.withPermitAsync(() -> {
            out.println("Accessing limited resource");
            return Asyncio.sleep(seconds(1)).thenRun(() -> out.println("Finished using limited resource"));
        });
        asyncio.run(() -> {
            Semaphore sem = new Semaphore(2);
            return gather(range(4), i -> limitedResource.apply(sem));
        });
    }

    static void boundedSemaphore(Out out, Runner asyncio) {
        BiFunction<Semaphore, String, CompletionStage<Void>> accessResource = (semaphore, name) -> semaphore.withPermitAsync(() -> {
            out.println(name + " acquired resource");
            return Asyncio.sleep(seconds(0.5)).thenRun(() -> out.println(name + " released resource"));
        });
        asyncio.run(() -> {
            BoundedSemaphore semaphore = new BoundedSemaphore(2);
            return gather(range(4), i -> accessResource.apply(semaphore, "Task " + i)).thenRun(() -> {
                try {
                    semaphore.release();
                } catch (IllegalStateException e) { // asyncio: ValueError
                    out.println("Error: " + e.getMessage());
                }
            });
        });
    }

    static void barrier(Out out, Runner asyncio) {
        asyncio.run(() -> {
            Barrier b = new Barrier(3);
            Asyncio.createTask(b::waitAsync);
            Asyncio.createTask(b::waitAsync);
            return Asyncio.sleep(Duration.ZERO).thenCompose(v -> {
                out.println(b.toString());
                return b.waitAsync(); // the third wait() passes the barrier
            }).thenCompose(index -> {
                out.println(b.toString());
                out.println("barrier passed");
                return Asyncio.sleep(Duration.ZERO);
            }).thenRun(() -> out.println(b.toString()));
        });
    }

    static void barrierBroken(Out out, Runner asyncio) {
        BiFunction<String, List<Barrier>, CompletionStage<Void>> party = (name, barriers) ->
                except(barriers.get(0).waitAsync(), BrokenBarrierException.class, e -> {
                    out.println(name + ": barrier was broken while waiting");
                    return barriers.get(1).waitAsync();
                }).thenRun(() -> out.println(name + " passed"));
        asyncio.run(() -> {
            List<Barrier> barriers = List.of(new Barrier(3), new Barrier(3));
            List<Task<Void>> tasks = range(2).stream()
                    .map(i -> Asyncio.<Void>createTask(() -> party.apply("Task " + i, barriers))).toList();
            return Asyncio.sleep(Duration.ZERO).thenCompose(v -> {
                out.println("Waiting: " + barriers.get(0).nWaiting() + "/" + barriers.get(0).parties());
                barriers.get(0).abort();
                out.println("Broken: " + repr(barriers.get(0).isBroken()));
                return Asyncio.sleep(Duration.ZERO);
            }).thenCompose(v -> barriers.get(1).waitAsync()).thenCompose(index -> {
                out.println("All tasks have finished");
                return Asyncio.gather(tasks);
            });
        });
    }

    static void queueSentinel(Out out, Runner asyncio) {
        Queue<Optional<Integer>> queue = new Queue<>(); // Optional.empty() plays None, the sentinel
        Supplier<CompletionStage<Void>> producer = () -> forEach(range(5), i -> queue.putAsync(Optional.of(i)).thenCompose(v -> {
            out.println("Produced " + i);
            return Asyncio.sleep(seconds(1));
        }));
        Supplier<CompletionStage<Void>> consumer = () -> repeat(() -> queue.getAsync().thenCompose(item -> {
            if (item.isEmpty()) return CompletableFuture.completedFuture(false);
            out.println("Consumed " + item.get());
            return Asyncio.sleep(seconds(2), true);
        }));
        asyncio.run(() -> {
            Task<Void> producerTask = Asyncio.createTask(producer);
            Task<Void> consumerTask = Asyncio.createTask(consumer);
            return producerTask.thenCompose(v -> queue.putAsync(Optional.empty())).thenCompose(v -> consumerTask);
        });
    }

    static long cpuBoundTask(int n) {
        long sum = 0;
        for (long i = 0; i < n; i++) sum += i * i;
        return sum;
    }

    static void runInExecutor(Out out, Runner asyncio) {
        asyncio.run(() -> {
            EventLoop loop = EventLoop.running();
            ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            return loop.runInExecutor(pool, () -> cpuBoundTask(1_000_000))
                    .thenAccept(result -> out.println("Result: " + result))
                    .whenComplete((v, e) -> pool.shutdown());
        });
    }
}
