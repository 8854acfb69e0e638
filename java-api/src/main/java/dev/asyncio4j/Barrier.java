package dev.asyncio4j;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;

/**
 * A meeting point: each of {@code parties} callers waits until all have arrived, then all go on
 * together, and the barrier can be used again. asyncio: {@code asyncio.Barrier}.
 *
 * <pre>{@code
 * Barrier start = new Barrier(3);
 * for (int i = 0; i < 3; i++) loop.createTask(() -> start.waitAsync().thenCompose(index -> race(index)));
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   FILLING   --the last party arrives: every waiting party is released--&gt; DRAINING
 *   DRAINING  --the last party inside leaves (resumes)--&gt; FILLING; gate waiters are admitted, FIFO
 *   any       --reset, parties inside--&gt; RESETTING --the last one leaves--&gt; FILLING
 *   any       --reset, nobody inside--&gt; FILLING
 *   any       --abort--&gt; BROKEN (until reset)
 * </pre>
 * {@code count} is the number of parties inside the current cycle: arrived and not yet resumed. A
 * caller arriving while DRAINING or RESETTING waits at the gate, uncounted, for the next cycle.
 * Invariant ({@link #invariant()}): {@code 0 <= count <= parties}; FILLING: everybody inside is
 * waiting, fewer than {@code parties}, and nobody is at the gate; DRAINING and RESETTING: somebody
 * is inside, nobody is waiting; BROKEN: nobody is waiting, at the gate or admitted.
 * A released loop waiter stays inside until it resumes, and a reset or abort before then fails it
 * with {@link BrokenBarrierException} instead of its index: a trip is not a hand-off.
 *
 * <p>When the barrier fills again, the gate waiters are admitted in FIFO order. An admitted loop
 * waiter enters when its loop next runs it, as an asyncio task re-checks the barrier's state once
 * it runs again. Until then it is not counted: a caller arriving meanwhile enters first; a reset
 * by the party that just emptied the barrier finds nobody inside and breaks nobody; and if the
 * barrier is draining or resetting again by then, the waiter goes back to the gate, at the tail.
 *
 * <p>A thread waiter (a future made off any loop, or a coroutine on a dispatcher other than its
 * loop's) has no turn of a loop to wait for: it resumes as it is released, so it leaves at the
 * trip, reset or abort, and it enters as it is admitted, so a reset right after the cycle empties
 * fails it. (A {@code threading.Barrier} reset in that window may fail a thread too, depending on
 * whether that thread has re-taken the barrier's lock.)
 *
 * <h2>Cancellation</h2>
 * Cancelling a party while the barrier fills withdraws it ({@code count} drops) and does not
 * break the barrier (a {@link java.util.concurrent.CyclicBarrier} would break). Cancelling a party
 * released but not resumed fails it with {@code CancellationException}; it is counted out and the
 * others pass normally. Cancelling a caller at the gate, or admitted but not yet entered, only ends
 * that call.
 *
 * <h2>Threads</h2>
 * Thread-safe: usable from any thread and from several loops at once; {@link #reset()} and
 * {@link #abort()} act at once (asyncio: coroutines). Memory consistency: actions of every party
 * before its arrival happen-before the actions of each party after its wait completes.
 */
public final class Barrier extends Synchronizer {

    private enum Phase {
        FILLING, DRAINING, RESETTING, BROKEN;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    private final int parties;
    // Guarded by the mutex:
    private Phase phase = Phase.FILLING;
    private int count;
    /** True while {@link #admitGate} runs, so that a cycle completing inside it does not recurse. */
    private boolean admitting;
    /** Callers waiting for the phase to become FILLING ({@link Place#AT_GATE}); not counted. */
    private final WaiterQueue gate = new WaiterQueue();
    /** Loop waiters let out of the gate ({@link Place#ADMITTED}), each to enter when its loop runs {@link #enter}; not counted. */
    private final WaiterQueue admitted = new WaiterQueue();
    /** Parties of the current cycle waiting for the trip ({@link Place#PARTY}), each holding the index it will be granted. */
    private final WaiterQueue waiting = new WaiterQueue();

    /**
     * Where a caller is ({@link Waiter#role}): outside the cycle, at the gate or admitted (not
     * counted); or inside it, a counted party, whose arrival index is already its waiter's value
     * (what its grant will carry), so that arriving allocates nothing.
     */
    private enum Place implements Waiter.Role {
        AT_GATE, ADMITTED, PARTY
    }

    /**
     * A barrier for {@code parties} callers. asyncio: {@code asyncio.Barrier(parties)}.
     *
     * @param parties the number of callers that trip the barrier
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} callers have arrived. asyncio: {@code await barrier.wait()}.
     * Completes with the caller's arrival index, 0 to {@code parties - 1}; the last to arrive gets
     * {@code parties - 1} at once, in a completed future. While the barrier drains or resets, the
     * caller first waits (FIFO) for the next cycle. Fails with {@link BrokenBarrierException} if the
     * barrier is broken, or is reset or aborted before this party resumes. Cancellation: see the
     * class doc.
     *
     * <p>Threads: dependent stages run at once on the calling thread if this call is the last party
     * (it fills the barrier); otherwise on the calling loop's thread, or, for a call made on
     * another thread, on the thread that arrives last. Move them with {@code thenApplyAsync(fn,
     * executor)} (<a href="package-summary.html#dependent-stages">where stages run</a>).
     *
     * @return a future of the caller's arrival index
     */
    public CompletableFuture<Integer> waitAsync() {
        WaiterFuture<Integer> future = new WaiterFuture<>();
        try {
            int index = waitOrEnqueue(future.waiter);
            if (index >= 0) future.completeInternal(index);
        } catch (BrokenBarrierException broken) {
            future.failInternal(broken);
        }
        return future;
    }

    /**
     * The arrival ({@link WaiterSpi}'s too): the index if this caller trips the barrier, or -1
     * after enqueueing {@code waiter} (at the gate or as a waiting party).
     */
    int waitOrEnqueue(Waiter<Integer> waiter) throws BrokenBarrierException {
        Waiter<?> chain;
        synchronized (this) {
            if (phase == Phase.BROKEN) throw new BrokenBarrierException("Barrier aborted");
            if (phase != Phase.FILLING) {
                queueAt(Place.AT_GATE, waiter);
                assert invariant() : this;
                return -1;
            }
            if (count + 1 < parties) {
                arrive(waiter, null);
                assert invariant() : this;
                return -1;
            }
            count++;
            chain = leave(1, trip(null, null)); // the tripper leaves at once
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
        return parties - 1;
    }

    /**
     * Under the mutex, while FILLING: {@code w} takes the next index. Below {@code parties} it waits;
     * at {@code parties} it trips the barrier and is granted {@code parties - 1}.
     */
    private Waiter<?> arrive(Waiter<Integer> w, Waiter<?> chain) {
        w.role = Place.PARTY;
        w.value = count++;
        if (count < parties) {
            enqueue(waiting, w);
            return chain;
        }
        return trip(w, chain);
    }

    /**
     * The last party arrived: every waiting party is released with its index, and {@code tripper}
     * (null when it needs no waiter) gets {@code parties - 1}. A waiter that no loop resumes
     * resumes as it is released, so it leaves now; a loop waiter stays inside until it resumes.
     */
    private Waiter<?> trip(Waiter<Integer> tripper, Waiter<?> chain) {
        phase = Phase.DRAINING;
        int leaving = 0;
        for (Waiter<Integer> w; (w = waiting.poll()) != null; ) {
            chain = w.grant(w.value, chain);
            if (w.resumeInPlace()) leaving++;
        }
        if (tripper != null) {
            chain = tripper.grant(parties - 1, chain);
            if (tripper.resumeInPlace()) leaving++;
        }
        return leaving == 0 ? chain : leave(leaving, chain);
    }

    /**
     * For a reset or abort: releases every waiting party. A loop waiter fails when it resumes (see
     * {@link #resumedHook}); any other one fails and leaves now, as it does at a trip, so that no
     * thread sees a cycle still draining parties that are already gone.
     */
    private Waiter<?> releaseWaiting(Waiter<?> chain) {
        int leaving = 0;
        for (Waiter<Integer> w; (w = waiting.poll()) != null; ) {
            chain = w.grant(w.value, chain);
            if (w.resumeInPlace()) {
                w.failure = new BrokenBarrierException("Abort or reset of barrier");
                leaving++;
            }
        }
        return leaving == 0 ? chain : leave(leaving, chain);
    }

    /** {@code n} counted parties leave. At 0, a draining or resetting barrier fills again and lets the gate out. */
    private Waiter<?> leave(int n, Waiter<?> chain) {
        count -= n;
        if (count > 0) return chain;
        if (phase == Phase.DRAINING || phase == Phase.RESETTING) phase = Phase.FILLING;
        return admitting ? chain : admitGate(chain);
    }

    /**
     * While FILLING, gate waiters are let out in FIFO order. A loop waiter is {@linkplain #admit
     * admitted}: it enters when it next runs. A thread waiter arrives now, and may trip the
     * barrier; a cycle of thread waiters can complete inside this loop: {@link #leave} then only
     * reopens the phase, and the loop goes on (no recursion).
     */
    private Waiter<?> admitGate(Waiter<?> chain) {
        admitting = true;
        try {
            for (Waiter<Integer> w; phase == Phase.FILLING && (w = gate.poll()) != null; ) {
                chain = w.loop == null ? arrive(w, chain) : admit(w, chain);
            }
        } finally {
            admitting = false;
        }
        return chain;
    }

    /**
     * A loop waiter let out of the gate enters only when its loop runs it, as an asyncio task
     * re-checks the barrier's state when it resumes: until then it is not counted, so a reset by
     * the party that just emptied the barrier finds nobody inside and breaks nobody. It stays
     * pending (a cancellation withdraws it). Its loop closed: it arrives now, as a thread waiter.
     */
    private Waiter<?> admit(Waiter<Integer> w, Waiter<?> chain) {
        queueAt(Place.ADMITTED, w);
        try {
            w.loop.schedule(() -> enter(w)); // only queues a callback: safe under the mutex
            return chain;
        } catch (IllegalStateException loopClosed) {
            admitted.remove(w);
            return arrive(w, chain);
        }
    }

    /**
     * An admitted loop waiter, on its loop: arrives if the barrier is filling; if a new cycle has
     * tripped or a reset began meanwhile, it waits at the gate again, at the tail (asyncio: its
     * {@code wait_for} waits again).
     */
    private void enter(Waiter<Integer> w) {
        Waiter<?> chain = null;
        synchronized (this) {
            if (!w.isPending() || w.role != Place.ADMITTED) return; // withdrawn by a cancellation, or failed by an abort
            admitted.remove(w);
            if (phase == Phase.FILLING) chain = arrive(w, null);
            else queueAt(Place.AT_GATE, w); // draining or resetting: an abort empties `admitted`, so never broken
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /**
     * Resets the barrier. asyncio: {@code await barrier.reset()}, but acting at once. Parties
     * inside: RESETTING (even from broken); waiting parties, and released parties not yet resumed,
     * fail with {@link BrokenBarrierException}; gate waiters stay for the next cycle. Nobody
     * inside: FILLING, which also repairs a broken barrier; gate waiters are admitted (see the
     * class doc), and loop waiters admitted but not yet entered are not affected.
     */
    public void reset() {
        Waiter<?> chain;
        synchronized (this) {
            if (count > 0) {
                phase = Phase.RESETTING;
                chain = releaseWaiting(null); // they fail as they resume
            } else {
                phase = Phase.FILLING;
                chain = admitGate(null);
            }
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /**
     * Breaks the barrier. asyncio: {@code await barrier.abort()}, but acting at once. Waiting
     * parties, released parties not yet resumed, gate waiters (admitted or not) and every later
     * {@link #waitAsync()} fail with {@link BrokenBarrierException}, until {@link #reset()}.
     */
    public void abort() {
        Waiter<?> chain;
        synchronized (this) {
            phase = Phase.BROKEN;
            chain = releaseWaiting(null); // they fail as they resume
            for (Waiter<Integer> w; (w = admitted.poll()) != null; ) chain = w.fail(new BrokenBarrierException("Barrier aborted"), chain);
            for (Waiter<Integer> w; (w = gate.poll()) != null; ) chain = w.fail(new BrokenBarrierException("Barrier aborted"), chain);
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    /**
     * The number of parties needed to trip the barrier. asyncio: {@code barrier.parties}.
     *
     * @return the number of parties
     */
    public int parties() {
        return parties;
    }

    /**
     * Parties waiting in the current cycle while filling, else 0. asyncio:
     * {@code barrier.n_waiting}.
     *
     * @return the number of parties waiting
     */
    public synchronized int nWaiting() {
        return phase == Phase.FILLING ? count : 0;
    }

    /**
     * True while broken (after {@link #abort()}, until {@link #reset()}). asyncio:
     * {@code barrier.broken}.
     *
     * @return true while broken
     */
    public synchronized boolean isBroken() {
        return phase == Phase.BROKEN;
    }

    /**
     * Under the mutex. {@code count} counts the parties waiting plus those released but not yet
     * resumed (loop waiters after a trip, reset or abort). Per phase:
     * <ul>
     *   <li>FILLING: entered only with nobody inside, so everybody inside is waiting; fewer than
     *       {@code parties} (the last arrival trips); the gate was let out on entering, and nobody
     *       queues there while filling.</li>
     *   <li>DRAINING, RESETTING: the waiting parties were released, and the last one to leave
     *       makes the barrier FILLING again, so somebody is still inside.</li>
     *   <li>BROKEN: waiting, gate and admitted waiters have all been failed or released; released
     *       loop waiters may still be inside.</li>
     * </ul>
     */
    @Override
    boolean invariant() {
        if (count < 0 || count > parties || admitting) return false;
        return switch (phase) {
            case FILLING -> count == waiting.size() && count < parties && gate.isEmpty();
            case DRAINING, RESETTING -> count > 0 && waiting.isEmpty();
            case BROKEN -> waiting.isEmpty() && gate.isEmpty() && admitted.isEmpty();
        };
    }

    // --- waiter core hooks ---

    /** Under the mutex: {@code w} waits outside the cycle, at {@code place}. */
    private void queueAt(Place place, Waiter<?> w) {
        w.role = place;
        enqueue(place == Place.AT_GATE ? gate : admitted, w);
    }

    /** A counted party of the current cycle (waiting, or released and not yet resumed). */
    private static boolean counted(Waiter<?> w) {
        return w.role == Place.PARTY;
    }

    @Override
    WaiterQueue queueOf(Waiter<?> w) {
        if (w.role == Place.AT_GATE) return gate;
        return w.role == Place.ADMITTED ? admitted : waiting;
    }

    @Override
    Waiter<?> withdrawn(Waiter<?> w) {
        return counted(w) ? leave(1, null) : null; // cancelled while filling: leaves, does not break
    }

    @Override
    Waiter<?> grantCancelled(Waiter<?> w) {
        return leave(1, null); // released, cancelled before resuming: counted out
    }

    @Override
    Waiter<?> resumedGrantReturned(Waiter<?> w) {
        return null; // it already left when it resumed
    }

    @Override
    void resumedHook(Waiter<?> w) {
        if (!counted(w)) return;
        Waiter<?> chain;
        synchronized (this) {
            if (w.failure == null && phase != Phase.DRAINING) w.failure = new BrokenBarrierException("Abort or reset of barrier");
            chain = leave(1, null);
            assert invariant() : this;
        }
        Waiter.dispatch(chain);
    }

    @Override
    public synchronized String toString() {
        return "Barrier[" + phase + (phase == Phase.BROKEN ? "" : ", waiters:" + nWaiting() + "/" + parties) + "]";
    }
}
