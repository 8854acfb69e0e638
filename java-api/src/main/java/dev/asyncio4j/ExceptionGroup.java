package dev.asyncio4j;

import java.util.List;

/**
 * Several failures reported together. asyncio: {@code ExceptionGroup} (Python 3.11+), raised by
 * {@code TaskGroup}. The first failure is also the cause, the others are suppressed, so that a
 * stack trace shows them all. A nested group's {@code ExceptionGroup} is one member of the outer
 * group's: groups are not flattened. Immutable once constructed, so safe to share between threads.
 */
public class ExceptionGroup extends RuntimeException {
    /** The failures, in the order they happened; unmodifiable. */
    private final List<Throwable> exceptions;

    /**
     * @param exceptions at least one failure; kept in order
     * @param message what the failures have in common; the sub-exception count is appended
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                exceptions.isEmpty() ? null : exceptions.get(0));
        if (exceptions.isEmpty()) throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        this.exceptions = List.copyOf(exceptions);
        for (int i = 1; i < this.exceptions.size(); i++) addSuppressed(this.exceptions.get(i));
    }

    /**
     * The failures, in the order they happened. asyncio: {@code ExceptionGroup.exceptions}.
     *
     * @return the failures, unmodifiable
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
