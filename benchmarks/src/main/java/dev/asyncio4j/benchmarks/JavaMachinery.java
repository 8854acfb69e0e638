package dev.asyncio4j.benchmarks;

import dev.asyncio4j.AsyncEvent;
import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.AsyncSemaphore;
import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Barrier;
import dev.asyncio4j.Condition;
import dev.asyncio4j.Event;
import dev.asyncio4j.Lock;
import dev.asyncio4j.Queue;
import dev.asyncio4j.Semaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a Java scenario needs to run: a loop, tasks, a yield, gather and the primitives (lock,
 * semaphore, queue, event, barrier, condition).
 * {@link #ASYNCIO4J} is the library; {@link CompletableFutureFloor} is the same program with the
 * library taken out, the floor under it. The scenarios in {@link JavaScenarios} are written once
 * against this interface, so both run the same code (each JMH fork loads one implementation: the
 * calls stay monomorphic and inline).
 */
interface JavaMachinery {
    /** asyncio.run(main()). */
    <T> T run(Supplier<? extends CompletionStage<T>> main);

    /** asyncio.create_task(coro): starts on a later turn of the loop. */
    <T> CompletionStage<T> spawn(Supplier<? extends CompletionStage<T>> body);

    /** await asyncio.sleep(0): resumes on the next turn of the loop. */
    CompletableFuture<Void> yieldNow();

    /** asyncio.gather(*stages). */
    <T> CompletableFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages);

    AsyncLock lock();

    AsyncSemaphore semaphore(int permits);

    /** asyncio.Queue(maxsize). */
    <E> AsyncQueue<E> queue(int capacity);

    /** asyncio.Event(). */
    AsyncEvent event();

    /** asyncio.Barrier(parties). */
    ScenarioBarrier barrier(int parties);

    /** asyncio.Condition(lock), on a lock that {@link #lock()} made. */
    ScenarioCondition condition(AsyncLock lock);

    /** What S7 uses of asyncio.Barrier (asyncio4j's has no interface of its own). */
    interface ScenarioBarrier {
        /** await barrier.wait(): the arrival index. */
        CompletableFuture<Integer> waitAsync();
    }

    /** What S10 uses of asyncio.Condition (asyncio4j's has no interface of its own). */
    interface ScenarioCondition {
        /** await cond.wait_for(predicate), holding the lock. */
        CompletableFuture<Void> waitForAsync(BooleanSupplier predicate);

        /** cond.notify(). */
        void signal();

        /** cond.notify_all(). */
        void signalAll();
    }

    /** The library: asyncio4j's Java API. */
    JavaMachinery ASYNCIO4J = new JavaMachinery() {
        private final Duration zero = Duration.ZERO;

        @Override
        public <T> T run(Supplier<? extends CompletionStage<T>> main) {
            return Asyncio.run(main);
        }

        @Override
        public <T> CompletionStage<T> spawn(Supplier<? extends CompletionStage<T>> body) {
            return Asyncio.createTask(body);
        }

        @Override
        public CompletableFuture<Void> yieldNow() {
            return Asyncio.sleep(zero);
        }

        @Override
        public <T> CompletableFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) {
            return Asyncio.gather(stages);
        }

        @Override
        public AsyncLock lock() {
            return new Lock();
        }

        @Override
        public AsyncSemaphore semaphore(int permits) {
            return new Semaphore(permits);
        }

        @Override
        public <E> AsyncQueue<E> queue(int capacity) {
            return new Queue<>(capacity);
        }

        @Override
        public AsyncEvent event() {
            return new Event();
        }

        @Override
        public ScenarioBarrier barrier(int parties) {
            return new Barrier(parties)::waitAsync;
        }

        @Override
        public ScenarioCondition condition(AsyncLock lock) {
            Condition condition = new Condition((Lock) lock); // lock() made it
            return new ScenarioCondition() {
                @Override
                public CompletableFuture<Void> waitForAsync(BooleanSupplier predicate) {
                    return condition.waitForAsync(predicate);
                }

                @Override
                public void signal() {
                    condition.signal();
                }

                @Override
                public void signalAll() {
                    condition.signalAll();
                }
            };
        }
    };
}
