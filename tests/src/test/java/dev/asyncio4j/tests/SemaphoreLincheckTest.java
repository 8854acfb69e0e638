package dev.asyncio4j.tests;

import dev.asyncio4j.Semaphore;

/** Lincheck: Semaphore(2) with the operations of {@link PermitsLincheck}; extra releases grow it. */
public class SemaphoreLincheckTest extends PermitsLincheck {

    public SemaphoreLincheckTest() {
        super(new Semaphore(2));
    }
}
