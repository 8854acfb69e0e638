package dev.asyncio4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for the queue tests: a loop driven step by step, outcomes as text, and a recording waiter. */
final class QueueTesting {
    private QueueTesting() {
    }

    /**
     * Runs each step on its own iteration of a new virtual-clock loop, in order, then one more
     * iteration, as an asyncio test awaits {@code sleep(0)} between statements: whatever a step
     * grants resumes before the next step runs. The first step that throws ends the run, and its
     * failure is rethrown here.
     */
    static void steps(Runnable... steps) {
        Throwable[] failure = {null};
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Runnable[] next = {null};
            int[] index = {0};
            next[0] = () -> {
                if (index[0] == steps.length) {
                    loop.stop();
                    return;
                }
                try {
                    steps[index[0]++].run();
                } catch (Throwable error) {
                    failure[0] = error;
                    loop.stop();
                    return;
                }
                loop.callSoon(next[0]);
            };
            loop.callSoon(next[0]);
            loop.runForever();
        }
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new CompletionException(failure[0]);
    }

    /** "pending", "value:&lt;v&gt;", "cancelled", or the simple name of the failure. */
    static String outcome(CompletableFuture<?> future) {
        if (!future.isDone()) return "pending";
        try {
            return "value:" + future.join();
        } catch (CancellationException cancelled) {
            return "cancelled";
        } catch (CompletionException failed) {
            return failed.getCause().getClass().getSimpleName();
        }
    }

    /**
     * A step that offers each item in turn: with putNowait while the queue has room, then with
     * putAsync, each pending put's future added to {@code puts}. From a queue of maxsize 1,
     * {@code fillThenQueuePuts(q, puts, "a", "b", "c")} leaves "a" in the queue and the puts of b
     * and c waiting.
     */
    @SafeVarargs
    static <E> Runnable fillThenQueuePuts(Queue<E> q, List<CompletableFuture<Void>> puts, E... items) {
        return () -> {
            for (E item : items) {
                if (q.full()) puts.add(q.putAsync(item));
                else q.putNowait(item);
            }
        };
    }

    /** A step that starts {@code count} getAsync calls, their futures added to {@code gets} in order. */
    static <E> Runnable queueGets(Queue<E> q, List<CompletableFuture<E>> gets, int count) {
        return () -> {
            for (int i = 0; i < count; i++) gets.add(q.getAsync());
        };
    }

    /** Puts each item with putNowait, then takes them all back: the order the queue gives. */
    @SafeVarargs
    static <E> List<E> putAllThenDrain(Queue<E> queue, E... items) {
        for (E item : items) queue.putNowait(item);
        return drain(queue);
    }

    /** Takes every item with getNowait, in the queue's order. */
    static <E> List<E> drain(Queue<E> queue) {
        List<E> items = new ArrayList<>();
        while (!queue.empty()) items.add(queue.getNowait());
        return items;
    }

    /** True if the unfinished count is zero (join would complete at once). */
    static boolean nothingUnfinished(Queue<?> queue) {
        return queue.joinOrEnqueue(null);
    }

    /** A waiter for the service-provider entries, resumed on the thread that grants it; records how it ended. */
    static final class RecordingWaiter<T> extends Waiter<T> {
        final List<String> events = new ArrayList<>();

        RecordingWaiter() {
            super(false);
        }

        @Override
        protected void resumed(T value) {
            events.add("resumed:" + value);
        }

        @Override
        protected void failed(Throwable error) {
            events.add("failed:" + error.getClass().getSimpleName());
        }
    }
}
