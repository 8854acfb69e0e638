package dev.asyncio4j.tests;

import dev.asyncio4j.Queue;
import dev.asyncio4j.QueueEmptyException;
import dev.asyncio4j.QueueFullException;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of a bounded {@link Queue} used from plain threads: every interleaving
 * Lincheck explores must match some sequential order of the operations. The futures are thread
 * waiters, so a pending get receives its item, and a pending put's item enters, atomically with
 * the put or get that frees it: the queue's observable state never shows a half-done hand-off.
 * Iterations: system property {@code lincheck.iterations} (default 100; the stress profile raises it).
 */
@Param(name = "item", gen = IntGen.class, conf = "1:4")
public class QueueLincheckTest {

    private final Queue<Integer> queue = new Queue<>(2);

    @Operation
    public boolean putNowait(@Param(name = "item") int item) {
        try {
            queue.putNowait(item);
            return true;
        } catch (QueueFullException full) {
            return false;
        }
    }

    @Operation
    public int getNowait() {
        try {
            return queue.getNowait();
        } catch (QueueEmptyException empty) {
            return 0;
        }
    }

    /**
     * Puts, or waits as a putter. Its result is not reported: whether the future is done when the
     * operation looks at it depends on what other threads did meanwhile, not on the order of
     * operations. Its effect is checked through the other operations.
     */
    @Operation
    public void putAsync(@Param(name = "item") int item) {
        queue.putAsync(item);
    }

    /** Gets, or waits as a getter (which consumes the item handed to it); not reported, as for {@link #putAsync}. */
    @Operation
    public void getAsync() {
        queue.getAsync();
    }

    @Operation
    public int qsize() {
        return queue.qsize();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("lincheck.iterations", 30))
                .invocationsPerIteration(150)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .check(QueueLincheckTest.class);
    }
}
