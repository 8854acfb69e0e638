package dev.asyncio4j.benchmarks;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Lock;
import java.util.concurrent.CompletableFuture;

/**
 * The memory benchmark: bytes retained per waiter, 1,000,000 waiters on one held lock. Prints one
 * line per measurement for the report generator:
 * {@code MEMORY <key> waiters=<n> bytes_per_waiter=<b>}. Run with a heap that holds them
 * ({@code benchmarks/run} gives -Xmx3g). Usage: {@code MemoryFootprint [waiters]}.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static final int WAITERS = 1_000_000;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : WAITERS;
        // A first, unmeasured pass of each, so that class loading and JIT data are not counted.
        int warm = Math.max(1, n / 100);
        javaAcquireAsyncBytes(warm);
        MemoryScenarios.asyncio4jLockWaiterBytes(warm);
        MemoryScenarios.kotlinxMutexWaiterBytes(warm);
        MemoryScenarios.suspendedCoroutineBytes(warm);
        print("asyncio4jJavaAcquireAsync", n, javaAcquireAsyncBytes(n));
        print("asyncio4jKotlinLock", n, MemoryScenarios.asyncio4jLockWaiterBytes(n));
        print("kotlinxMutex", n, MemoryScenarios.kotlinxMutexWaiterBytes(n));
        print("suspendedCoroutine", n, MemoryScenarios.suspendedCoroutineBytes(n));
    }

    private static void print(String key, int n, double bytes) {
        System.out.printf("MEMORY %s waiters=%d bytes_per_waiter=%.1f%n", key, n, bytes);
    }

    /** n pending acquireAsync futures of one held Lock, made on the loop; the array is not counted. */
    static double javaAcquireAsyncBytes(int n) {
        return Asyncio.run(() -> {
            Lock lock = new Lock();
            lock.acquireAsync();
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] pending = new CompletableFuture[n];
            long before = MemoryScenarios.usedHeapAfterGc();
            for (int i = 0; i < n; i++) pending[i] = lock.acquireAsync();
            double bytes = (double) (MemoryScenarios.usedHeapAfterGc() - before) / n;
            int[] acquired = {0};
            CompletableFuture<Void> allAcquired = new CompletableFuture<>();
            Runnable pass = () -> {
                if (++acquired[0] == n) allAcquired.complete(null);
                lock.release();
            };
            for (CompletableFuture<Void> f : pending) f.thenRun(pass);
            lock.release();
            return allAcquired.thenApply(v -> {
                Scenarios.check("memory", "futures that got the lock", n, acquired[0]);
                return bytes;
            });
        });
    }
}
