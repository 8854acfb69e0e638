package dev.asyncio4j;

/**
 * What every primitive tells the {@link Waiter} core: its mutex, and what happens to a grant that
 * its waiter will not take. The hooks run under {@link #mutex()} unless said otherwise, and
 * return a chain of waiters they granted, for the core to dispatch once the mutex is released.
 */
abstract class Synchronizer {

    /** The monitor that guards this primitive's state and queues. A Condition shares its lock's. */
    Object mutex() {
        return this;
    }

    /**
     * What holds of this primitive's state and queues whenever nobody is inside its mutex. Each
     * critical section that changes the state ends with {@code assert invariant() : this;}, so
     * tests (run with assertions on) check it after every step, at no cost in production. Called
     * under the mutex.
     */
    abstract boolean invariant();

    /** The queue that holds {@code w} while it is pending (by its {@link Waiter.Role}, where there are several). */
    abstract WaiterQueue queueOf(Waiter<?> w);

    /** A pending waiter was unlinked by a cancellation. Default: nothing else changes. */
    Waiter<?> withdrawn(Waiter<?> w) {
        return null;
    }

    /** A waiter granted a value (not a failure) was cancelled before it resumed: pass the grant on. */
    abstract Waiter<?> grantCancelled(Waiter<?> w);

    /** A resumed grant came back undelivered ({@link Waiter#giveBack()}). Default: as a cancellation after the grant. */
    Waiter<?> resumedGrantReturned(Waiter<?> w) {
        return grantCancelled(w);
    }

    /**
     * A resumed grant was accepted ({@link Waiter#accept()}): apply what taking it means. Runs
     * outside the mutex (a primitive that needs it takes it), once per grant. Default: nothing, the
     * grant was applied when it was made.
     */
    void accepted(Waiter<?> w) {
    }

    /**
     * A waiter moved from granted to resumed; runs outside the mutex, before the waiter's result is
     * delivered. It may set {@code w.failure} to deliver a failure instead of the grant (a barrier
     * reset or aborted between a party's release and its resumption).
     */
    void resumedHook(Waiter<?> w) {
    }

    /** The number of waiters in {@code queue}, read under the mutex: what a primitive's public waiter count returns. */
    final int waiterCount(WaiterQueue queue) {
        synchronized (mutex()) {
            return queue.size();
        }
    }

    /** The {@code ", waiters:N"} part of a primitive's {@code toString()}, read under the mutex; empty if none wait. */
    final String waitersPart(WaiterQueue queue) {
        return waitersPart(waiterCount(queue));
    }

    /** The {@code ", waiters:N"} part for {@code queued} waiters, for a primitive that counts several queues. */
    static String waitersPart(int queued) {
        return queued > 0 ? ", waiters:" + queued : "";
    }

    /** Enqueues a new waiter at the tail of {@code queue}, one of this primitive's. */
    final void enqueue(WaiterQueue queue, Waiter<?> w) {
        w.enqueueOn(queue, this);
    }
}
