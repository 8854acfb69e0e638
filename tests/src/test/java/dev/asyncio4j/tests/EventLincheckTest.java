package dev.asyncio4j.tests;

import dev.asyncio4j.Event;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * Lincheck: Event through its Java API is linearizable, cancellation included: set, clear, isSet,
 * waitAsync (each thread keeps its pending wait), completion checks and cancels.
 *
 * <p>{@code set()} makes the flag visible before the setting thread has completed the waiters it
 * granted (SEMANTICS §1.4), and a waiter cancelled in between ends cancelled, an outcome of its
 * own; so checks and cancels of a wait run when no set, clear or wait is in flight
 * ({@link WaitLincheck}). EventTest covers that window.
 */
public class EventLincheckTest extends WaitLincheck {

    private final Event event = new Event();

    @Override
    CompletableFuture<?> waitAsync() {
        return event.waitAsync();
    }

    @Override
    String polled(String outcome, int me) {
        return outcome + ", woken " + mine.held(me);
    }

    @Operation
    public void set() {
        mine.mutating(event::set);
    }

    @Operation
    public void clear() {
        mine.mutating(event::clear);
    }

    @Operation
    public boolean isSet() {
        return event.isSet();
    }
}
