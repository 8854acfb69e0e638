package dev.asyncio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Finds the {@link VarHandle} of a field for a class's static initializer. */
final class VarHandles {
    private VarHandles() {
    }

    /**
     * The handle of field {@code name} of type {@code type} in {@code owner}, found with
     * {@code lookup} (the owner's own {@code MethodHandles.lookup()}, so private fields are found).
     *
     * @throws ExceptionInInitializerError if there is no such field
     */
    static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
