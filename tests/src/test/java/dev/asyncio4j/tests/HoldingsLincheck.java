package dev.asyncio4j.tests;

import org.junit.jupiter.api.Test;

/**
 * The base of a Lincheck test of one primitive whose threads keep what they hold, and their pending
 * future, in {@link Holdings}: the holdings themselves and the two checks, model checking and
 * stress, run on the concrete subclass with {@link LincheckConfig}. The operations are declared by
 * {@link AcquireLincheck}, {@link WaitLincheck} and the test itself.
 */
public abstract class HoldingsLincheck {

    final Holdings mine = new Holdings(LincheckConfig.THREADS);

    @Test
    void modelChecking() {
        LincheckConfig.modelChecking().check(getClass());
    }

    @Test
    void stress() {
        LincheckConfig.stress().check(getClass());
    }
}
