package dev.asyncio4j.tests;

import dev.asyncio4j.BoundedSemaphore;

/**
 * Lincheck: BoundedSemaphore(2) with the operations of {@link PermitsLincheck}; an extra
 * release at the bound fails with IllegalStateException (granted permits count as taken).
 */
public class BoundedSemaphoreLincheckTest extends PermitsLincheck {

    public BoundedSemaphoreLincheckTest() {
        super(new BoundedSemaphore(2));
    }
}
