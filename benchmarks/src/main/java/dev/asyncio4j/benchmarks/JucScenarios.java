package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * S1, S2 and S4 with java.util.concurrent's fair {@link ReentrantLock} and {@link Semaphore}, a
 * thread per task; {@code Thread.yield()} stands for asyncio's yield. Two kinds of thread:
 * <ul>
 *   <li>platform threads: S4's 100,000 tasks run on {@link Scenarios#S4_JUC_THREADS} threads
 *       (100,000 platform threads would measure thread creation), each doing its share in turn;</li>
 *   <li>virtual threads (JDK 21+), as a Java user on a current JDK writes it: one virtual thread per
 *       task, S4's 100,000 included; {@code Thread.yield()} gives the carrier to the next virtual
 *       thread, as asyncio's yield gives the loop to the next task. The carriers are set with
 *       {@code -Djdk.virtualThreadScheduler.parallelism} (the JMH methods' forks).</li>
 * </ul>
 * The benchmarks are compiled for Java 17, so {@code Thread.ofVirtual()} is called by reflection.
 */
public final class JucScenarios {
    private JucScenarios() {
    }

    /** Platform threads, named as the threads of the run. */
    public static final ThreadFactory PLATFORM = body -> new Thread(body, "juc");

    /** {@code Thread.ofVirtual().factory()}; fails with a clear message on a JDK older than 21. */
    public static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            // The builder's class is not public: call factory() through its public interface.
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            throw new IllegalStateException("virtual threads need JDK 21+, this is " + Runtime.version()
                    + ": benchmarks/run forks these benchmarks with -jvm <newest JDK>", e);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long s1LockUncontended(ThreadFactory threads) {
        ReentrantLock lock = new ReentrantLock(true);
        long[] counter = {0};
        runThreads(threads, 1, () -> {
            for (int i = 0; i < S1_ITERATIONS; i++) {
                lock.lock();
                counter[0]++;
                lock.unlock();
            }
        });
        return check("S1", "counter", S1_OPS, counter[0]); // join() happens-after the increments
    }

    public static long s2LockContended(ThreadFactory threads) {
        ReentrantLock lock = new ReentrantLock(true);
        long[] counter = {0};
        runThreads(threads, S2_TASKS, () -> {
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
        return check("S2", "counter", S2_OPS, counter[0]);
    }

    /** S4 with {@code threads} threads, each running {@code S4_TASKS / threads} tasks in turn. */
    public static long s4Semaphore(ThreadFactory threadFactory, int threads) {
        Semaphore sem = new Semaphore(S4_PERMITS, true);
        AtomicInteger inside = new AtomicInteger(), most = new AtomicInteger(), entries = new AtomicInteger();
        runThreads(threadFactory, threads, () -> {
            for (int i = 0; i < S4_TASKS / threads; i++) {
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

    /** Starts n threads running body and joins them all (join happens-after everything they did). */
    private static void runThreads(ThreadFactory threads, int n, Runnable body) {
        Thread[] all = new Thread[n];
        for (int t = 0; t < n; t++) all[t] = threads.newThread(body);
        for (Thread t : all) t.start();
        try {
            for (Thread t : all) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
