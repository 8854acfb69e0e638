package dev.asyncio4j.tests;

import dev.asyncio4j.Event;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * Lincheck: Event through its Java API is linearizable, cancellation included: set, clear, isSet,
 * waitAsync (each thread keeps its pending wait), completion checks and cancels.
 *
 * <p>{@code set()} makes the flag visible before the setting thread has completed the waiters it
 * granted (docs/semantics.md §1.4), and a waiter cancelled in between ends cancelled, an outcome of its
 * own; so checks and cancels of a wait run when no set, clear or wait is in flight
 * ({@link WaitOps}, {@link Holdings#quiesce()}). EventTest covers that window.
 */
public class EventLincheckTest implements LincheckTests {

    private final Event event = new Event();
    private final WaitOps ops = new WaitOps(event::waitAsync);

    @Operation
    public String waitFor(@Param(gen = ThreadIdGen.class) int me) {
        return ops.waitFor(me);
    }

    /** Checks completion of this thread's wait. */
    @Operation
    public String poll(@Param(gen = ThreadIdGen.class) int me) {
        String outcome = ops.poll(me);
        return outcome + ", woken " + ops.woken(me);
    }

    @Operation
    public String cancel(@Param(gen = ThreadIdGen.class) int me) {
        return ops.cancel(me);
    }

    @Operation
    public void set() {
        ops.mutate(event::set);
    }

    @Operation
    public void clear() {
        ops.mutate(event::clear);
    }

    @Operation
    public boolean isSet() {
        return event.isSet();
    }
}
