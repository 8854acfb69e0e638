package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * S2 and S4 with java.util.concurrent's fair {@link ReentrantLock} and {@link Semaphore} on
 * platform threads, a thread per task; {@code Thread.yield()} stands for asyncio's yield. S4's
 * 100,000 tasks run on {@link Scenarios#S4_JUC_THREADS} threads (100,000 platform threads would
 * measure thread creation), each thread doing its share in turn.
 */
public final class JucScenarios {
    private JucScenarios() {
    }

    public static long s2LockContended() {
        ReentrantLock lock = new ReentrantLock(true);
        long[] counter = {0};
        runThreads(S2_TASKS, () -> {
            for (int i = 0; i < S2_ITERATIONS; i++) {
                lock.lock();
                try {
                    counter[0]++;
                    Thread.yield();
                } finally {
                    lock.unlock();
                }
            }
        });
        lock.lock(); // happens-after every increment
        try {
            return check("S2", "counter", S2_OPS, counter[0]);
        } finally {
            lock.unlock();
        }
    }

    public static long s4Semaphore() {
        Semaphore sem = new Semaphore(S4_PERMITS, true);
        AtomicInteger inside = new AtomicInteger(), most = new AtomicInteger(), entries = new AtomicInteger();
        runThreads(S4_JUC_THREADS, () -> {
            for (int i = 0; i < S4_TASKS / S4_JUC_THREADS; i++) {
                sem.acquireUninterruptibly();
                try {
                    entries.incrementAndGet();
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.yield();
                    inside.decrementAndGet();
                } finally {
                    sem.release();
                }
            }
        });
        check("S4", most.get() <= S4_PERMITS, "at most " + S4_PERMITS + " inside, saw " + most.get());
        return check("S4", "entries", S4_TASKS, entries.get());
    }

    private static void runThreads(int n, Runnable body) {
        Thread[] threads = new Thread[n];
        for (int t = 0; t < n; t++) threads[t] = new Thread(body, "juc-" + t);
        for (Thread t : threads) t.start();
        try {
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
