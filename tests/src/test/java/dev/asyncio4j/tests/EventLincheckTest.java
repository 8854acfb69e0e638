package dev.asyncio4j.tests;

import dev.asyncio4j.Event;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: Event through its Java API is linearizable, cancellation included: set, clear, isSet,
 * waitAsync (each thread keeps its pending wait), completion checks and cancels.
 *
 * <p>{@code set()} makes the flag visible before the setting thread has completed the waiters it
 * granted (SEMANTICS §1.4), and a waiter cancelled in between ends cancelled, an outcome of its
 * own; so checks and cancels of a wait run when no set, clear or wait is in flight
 * ({@link Holdings#quiesce()}). EventTest covers that window.
 */
public class EventLincheckTest {

    private final Event event = new Event();
    private final Holdings mine = new Holdings(LincheckConfig.THREADS);

    @Operation
    public String waitFor(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        if (mine.hasPending(me)) return "busy";
        mine.mutating(() -> {
            mine.started(me, event.waitAsync());
            return null;
        });
        return "started";
    }

    /** Checks completion of this thread's wait. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        String outcome = mine.refresh(me);
        return outcome + ", woken " + mine.held(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        mine.quiesce();
        return mine.cancel(me);
    }

    @Operation
    public void set() {
        mine.mutating(() -> {
            event.set();
            return null;
        });
    }

    @Operation
    public void clear() {
        mine.mutating(() -> {
            event.clear();
            return null;
        });
    }

    @Operation
    public boolean isSet() {
        return event.isSet();
    }

    @Test
    void modelChecking() {
        LincheckConfig.modelChecking().check(getClass());
    }

    @Test
    void stress() {
        LincheckConfig.stress().check(getClass());
    }
}
