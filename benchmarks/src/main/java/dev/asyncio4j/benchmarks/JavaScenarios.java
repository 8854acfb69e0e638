package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import dev.asyncio4j.AsyncEvent;
import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.AsyncSemaphore;
import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Lock;
import dev.asyncio4j.benchmarks.JavaMachinery.ScenarioBarrier;
import dev.asyncio4j.benchmarks.JavaMachinery.ScenarioCondition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ten scenarios on the asyncio4j Java API, each one {@code Asyncio.run} of a main task, as a
 * Java user writes them: library futures chained with {@code thenCompose}/{@code thenRun}, loops
 * with {@link AsyncLoop}, the lambdas that do not depend on the iteration made once per task.
 * Every scenario checks its result and throws if it is wrong.
 *
 * <p>S1-S10 take their machinery ({@link JavaMachinery}): asyncio4j, or the
 * {@link CompletableFutureFloor} that shows what the same code costs with the library taken out.
 */
public final class JavaScenarios {
    private JavaScenarios() {
    }

    /** asyncio.gather(*tasks), then the scenario's check. */
    private static <T, R> CompletableFuture<R> gatherThen(JavaMachinery m, List<? extends CompletionStage<? extends T>> tasks,
                                                          Function<List<T>, R> then) {
        return m.<T>gather(tasks).thenApply(then);
    }

    public static long s1LockUncontended(JavaMachinery m) {
        return m.run(() -> {
            AsyncLock lock = m.lock();
            long[] counter = {0};
            Runnable critical = () -> {
                counter[0]++;
                lock.release();
            };
            return AsyncLoop.repeat(S1_ITERATIONS, i -> lock.acquireAsync().thenRun(critical))
                    .thenApply(v -> check("S1", "counter", S1_ITERATIONS, counter[0]));
        });
    }

    /** S2 with any number of tasks (the scaling runs use 10 and 100,000). */
    public static long s2LockContended(JavaMachinery m, int tasks, int iterations) {
        return m.run(() -> {
            AsyncLock lock = m.lock();
            long[] counter = {0};
            Function<Void, CompletableFuture<Void>> critical = v -> {
                counter[0]++;
                return m.yieldNow();
            };
            Runnable release = lock::release;
            IntFunction<CompletableFuture<Void>> step = i -> lock.acquireAsync().thenCompose(critical).thenRun(release);
            List<CompletionStage<Void>> all = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) all.add(m.spawn(() -> AsyncLoop.repeat(iterations, step)));
            return gatherThen(m, all, r -> check("S2", "counter", (long) tasks * iterations, counter[0]));
        });
    }

    public static long s3SeedRace(JavaMachinery m) {
        return m.run(() -> {
            AsyncLock lock = m.lock();
            long[] value = {0};
            Function<Void, CompletableFuture<Void>> race = v -> {
                long tmp = value[0];
                return m.yieldNow().thenRun(() -> {
                    value[0] = tmp + 1;
                    lock.release();
                });
            };
            List<CompletionStage<Void>> all = new ArrayList<>(S3_TASKS);
            for (int t = 0; t < S3_TASKS; t++) all.add(m.spawn(() -> lock.acquireAsync().thenCompose(race)));
            return gatherThen(m, all, r -> check("S3", "value", S3_TASKS, value[0]));
        });
    }

    public static long s4Semaphore(JavaMachinery m) {
        return m.run(() -> {
            AsyncSemaphore sem = m.semaphore(S4_PERMITS);
            int[] inside = {0, 0, 0}; // now, most, entries
            Function<Void, CompletableFuture<Void>> enter = v -> {
                inside[2]++;
                if (++inside[0] > inside[1]) inside[1] = inside[0];
                return m.yieldNow();
            };
            Runnable leave = () -> {
                inside[0]--;
                sem.release();
            };
            Supplier<CompletableFuture<Void>> body = () -> sem.acquireAsync().thenCompose(enter).thenRun(leave);
            List<CompletionStage<Void>> all = new ArrayList<>(S4_TASKS);
            for (int t = 0; t < S4_TASKS; t++) all.add(m.spawn(body));
            return gatherThen(m, all, r -> {
                check("S4", inside[1] <= S4_PERMITS, "at most " + S4_PERMITS + " inside, saw " + inside[1]);
                return check("S4", "entries", S4_TASKS, inside[2]);
            });
        });
    }

    public static long s5Queue(JavaMachinery m) {
        return m.run(() -> {
            AsyncQueue<Integer> queue = m.queue(S5_CAPACITY);
            long[] sum = {0, 0}; // sum, count
            Predicate<Integer> consume = x -> {
                if (x == SENTINEL) return false;
                sum[0] += x;
                sum[1]++;
                return true;
            };
            List<CompletionStage<Void>> all = new ArrayList<>();
            all.add(m.spawn(() -> AsyncLoop.repeat(S5_ITEMS + S5_CONSUMERS,
                    i -> queue.putAsync(i < S5_ITEMS ? i : SENTINEL))));
            for (int c = 0; c < S5_CONSUMERS; c++) all.add(m.spawn(() -> AsyncLoop.doWhile(queue::getAsync, consume)));
            return gatherThen(m, all, r -> {
                check("S5", "items", S5_ITEMS, sum[1]);
                return check("S5", "sum", sumBelow(S5_ITEMS), sum[0]);
            });
        });
    }

    public static long s6EventFanOut(JavaMachinery m) {
        return m.run(() -> {
            AsyncEvent[] go = new AsyncEvent[S6_ROUNDS], roundDone = new AsyncEvent[S6_ROUNDS];
            for (int r = 0; r < S6_ROUNDS; r++) {
                go[r] = m.event();
                roundDone[r] = m.event();
            }
            int[] woken = {0, 0}; // wakeups, waits that did not have to wait
            Runnable wake = () -> {
                if (++woken[0] % S6_WAITERS == 0) roundDone[woken[0] / S6_WAITERS - 1].set();
            };
            IntFunction<CompletableFuture<Void>> waitRound = r -> {
                CompletableFuture<Void> f = go[r].waitAsync();
                if (f.isDone()) woken[1]++;
                return f.thenRun(wake);
            };
            List<CompletionStage<Void>> waiters = new ArrayList<>(S6_WAITERS);
            for (int t = 0; t < S6_WAITERS; t++) waiters.add(m.spawn(() -> AsyncLoop.repeat(S6_ROUNDS, waitRound)));
            return m.yieldNow() // every waiter is waiting on round 0
                    .thenCompose(v -> AsyncLoop.repeat(S6_ROUNDS, r -> {
                        go[r].set();
                        return roundDone[r].waitAsync();
                    }))
                    .thenCompose(v -> gatherThen(m, waiters, x -> {
                        check("S6", "waits that found the event set", 0, woken[1]);
                        return check("S6", "wakeups", S6_OPS, woken[0]);
                    }));
        });
    }

    public static long s7Barrier(JavaMachinery m) {
        return m.run(() -> {
            ScenarioBarrier barrier = m.barrier(S7_PARTIES);
            long[] sum = {0, 0}; // indices, passes
            Consumer<Integer> passed = index -> {
                sum[0] += index;
                sum[1]++;
            };
            IntFunction<CompletableFuture<Void>> pass = i -> barrier.waitAsync().thenAccept(passed);
            List<CompletionStage<Void>> all = new ArrayList<>(S7_PARTIES);
            for (int t = 0; t < S7_PARTIES; t++) all.add(m.spawn(() -> AsyncLoop.repeat(S7_ROUNDS, pass)));
            return gatherThen(m, all, r -> {
                check("S7", "passes", S7_OPS, sum[1]);
                return check("S7", "sum of arrival indices", S7_INDEX_SUM, sum[0]);
            });
        });
    }

    public static long s8SpawnGather(JavaMachinery m) {
        return m.run(() -> {
            List<CompletionStage<Integer>> all = new ArrayList<>(S8_TASKS);
            for (int t = 0; t < S8_TASKS; t++) {
                Integer result = t;
                all.add(m.spawn(() -> CompletableFuture.completedFuture(result)));
            }
            return gatherThen(m, all, results -> {
                long sum = 0;
                for (int x : results) sum += x;
                return check("S8", "sum", sumBelow(S8_TASKS), sum);
            });
        });
    }

    public static long s9YieldPingPong(JavaMachinery m) {
        return m.run(() -> {
            int[] state = {-1, 0, 0}; // last task to run, steps, switches
            List<CompletionStage<Void>> both = new ArrayList<>(2);
            for (int id = 0; id < 2; id++) {
                int me = id;
                IntFunction<CompletableFuture<Void>> step = i -> {
                    if (state[0] != me) state[2]++;
                    state[0] = me;
                    state[1]++;
                    return m.yieldNow();
                };
                both.add(m.spawn(() -> AsyncLoop.repeat(S9_YIELDS / 2, step)));
            }
            return gatherThen(m, both, r -> {
                check("S9", "steps", S9_YIELDS, state[1]);
                return check("S9", "alternations", S9_YIELDS, state[2]);
            });
        });
    }

    public static long s10ConditionBuffer(JavaMachinery m) {
        return m.run(() -> {
            AsyncLock lock = m.lock();
            ScenarioCondition notFull = m.condition(lock), notEmpty = m.condition(lock);
            ArrayDeque<Integer> buffer = new ArrayDeque<>(S10_CAPACITY);
            boolean[] done = {false};
            long[] sum = {0, 0}; // sum, count
            int[] next = {0};
            BooleanSupplier hasRoom = () -> buffer.size() < S10_CAPACITY;
            BooleanSupplier hasItemOrDone = () -> !buffer.isEmpty() || done[0];
            Function<Void, CompletableFuture<Void>> waitRoom = v -> notFull.waitForAsync(hasRoom);
            Function<Void, CompletableFuture<Void>> waitItem = v -> notEmpty.waitForAsync(hasItemOrDone);
            Runnable produce = () -> {
                buffer.add(next[0]++);
                notEmpty.signal();
                lock.release();
            };
            Function<Void, Boolean> consume = v -> {
                Integer x = buffer.poll();
                if (x != null) {
                    sum[0] += x;
                    sum[1]++;
                    notFull.signal();
                }
                lock.release();
                return x != null;
            };
            List<CompletionStage<Void>> all = new ArrayList<>();
            all.add(m.spawn(() -> AsyncLoop.repeat(S10_ITEMS,
                            i -> lock.acquireAsync().thenCompose(waitRoom).thenRun(produce))
                    .thenCompose(v -> lock.acquireAsync())
                    .thenRun(() -> {
                        done[0] = true;
                        notEmpty.signalAll();
                        lock.release();
                    })));
            for (int c = 0; c < S10_CONSUMERS; c++) {
                all.add(m.spawn(() -> AsyncLoop.doWhile(
                        () -> lock.acquireAsync().thenCompose(waitItem).thenApply(consume), more -> more)));
            }
            return gatherThen(m, all, r -> {
                check("S10", "items", S10_ITEMS, sum[1]);
                return check("S10", "sum", sumBelow(S10_ITEMS), sum[0]);
            });
        });
    }

    /** Scaling: 100,000 acquireAsync futures queued on a held Lock, then cancelled, last first. */
    public static long cancelQueuedWaiters(int waiters) {
        return Asyncio.run(() -> {
            Lock lock = new Lock();
            lock.acquireAsync();
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] queued = new CompletableFuture[waiters];
            for (int i = 0; i < waiters; i++) queued[i] = lock.acquireAsync();
            int cancelled = 0;
            for (int i = waiters - 1; i >= 0; i--) if (queued[i].cancel(false)) cancelled++;
            lock.release();
            check("cancel", !lock.locked(), "lock free after its waiters were cancelled");
            return CompletableFuture.completedFuture(check("cancel", "cancelled", waiters, cancelled));
        });
    }
}
