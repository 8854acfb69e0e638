package dev.asyncio4j.tests;

import org.junit.jupiter.api.Test;

/**
 * The two Lincheck runs of a primitive's test class: model checking and stress, with
 * {@link LincheckConfig}. Only the JUnit entry points live here: Lincheck reads the operations
 * from the test class itself, which declares every {@code @Operation} (an inherited operation
 * does not get its {@code ThreadIdGen} parameter honoured, so threads would share Holdings slots).
 */
interface LincheckTests {

    @Test
    default void modelChecking() {
        LincheckConfig.modelChecking().check(getClass());
    }

    @Test
    default void stress() {
        LincheckConfig.stress().check(getClass());
    }
}
