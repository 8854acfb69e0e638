package dev.asyncio4j.tests;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck configurations shared by every model-checking and stress test of a primitive.
 * Iterations come from the system property {@code lincheck.iterations} (default 100; the
 * {@code stress} Maven profile raises it).
 */
final class LincheckConfig {
    static final int THREADS = 3;
    static final int ACTORS_PER_THREAD = 3;
    static final int ACTORS_BEFORE = 2;
    static final int ACTORS_AFTER = 2;
    static final int ITERATIONS = Integer.getInteger("lincheck.iterations", 100);
    static final int MODEL_CHECKING_INVOCATIONS = 200;
    static final int STRESS_INVOCATIONS = 300;

    private LincheckConfig() {
    }

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(MODEL_CHECKING_INVOCATIONS)
                .threads(THREADS)
                .actorsPerThread(ACTORS_PER_THREAD)
                .actorsBefore(ACTORS_BEFORE)
                .actorsAfter(ACTORS_AFTER);
    }

    static StressOptions stress() {
        return new StressOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(STRESS_INVOCATIONS)
                .threads(THREADS)
                .actorsPerThread(ACTORS_PER_THREAD)
                .actorsBefore(ACTORS_BEFORE)
                .actorsAfter(ACTORS_AFTER);
    }
}
