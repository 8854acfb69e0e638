package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The primitives' public face is exactly documented API (and the AsyncLock etc. interfaces) plus the blocking
 * calls for thread code and the waiter counts (issue 17, items 2 and 4), and the Kotlin
 * bridge has one door, {@link WaiterSpi}: no service-provider method on a primitive, none of the
 * waiter core's machinery public.
 */
class PublicSurfaceTest {

    private static final String LOCK = "acquireAsync() tryAcquire() release() locked() withLockAsync(Supplier)";
    private static final String SEMAPHORE =
            "acquireAsync() tryAcquire() release() locked() availablePermits() withPermitAsync(Supplier)";
    private static final String QUEUE = "putAsync(Object) getAsync() putNowait(Object) getNowait() taskDone() joinAsync()"
            + " shutdown() shutdown(boolean) qsize() maxsize() empty() full()"
            + " offer(Object,long,TimeUnit) poll(long,TimeUnit) putInterruptibly(Object) take() getterCount() putterCount() joinerCount()";
    /** Lock's and Semaphore's calls for thread code, and their waiter count. */
    private static final String BLOCKING_ACQUIRE =
            " tryAcquire(long,TimeUnit) tryAcquire(Duration) acquireInterruptibly() waiterCount()";

    /** Public methods (declared or inherited, not Object's) and constructors, as {@code name(SimpleType,...)}. */
    private static Set<String> publicSurface(Class<?> type) {
        Set<String> members = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || isObjectMethod(m)) continue;
            members.add(signature(m.getName(), m));
        }
        for (Constructor<?> c : type.getConstructors()) members.add(signature("new", c));
        for (Field f : type.getFields()) members.add("field " + f.getName());
        return members;
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException notObjects) {
            return false;
        }
    }

    private static String signature(String name, Executable e) {
        return name + Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    private static Set<String> expected(String methods, String constructors) {
        return new TreeSet<>(Arrays.asList((methods + " " + constructors).trim().split(" +")));
    }

    @Test
    void primitivesPublicMembersAreExactlyDesigns() {
        assertEquals(expected(LOCK + BLOCKING_ACQUIRE, "new()"), publicSurface(Lock.class));
        assertEquals(expected(SEMAPHORE + BLOCKING_ACQUIRE, "new() new(int)"), publicSurface(Semaphore.class));
        assertEquals(expected(SEMAPHORE + BLOCKING_ACQUIRE, "new() new(int)"), publicSurface(BoundedSemaphore.class));
        assertEquals(expected("waitAsync() set() clear() isSet() await() await(long,TimeUnit) waiterCount()", "new()"),
                publicSurface(Event.class));
        assertEquals(expected(LOCK + " waitAsync() waitForAsync(BooleanSupplier) signal() signal(int) signalAll() waiterCount()",
                "new() new(Lock)"), publicSurface(Condition.class));
        assertEquals(expected("waitAsync() reset() abort() parties() nWaiting() isBroken()", "new(int)"),
                publicSurface(Barrier.class));
        assertEquals(expected(QUEUE, "new() new(int)"), publicSurface(Queue.class));
        assertEquals(expected(QUEUE, "new() new(int)"), publicSurface(LifoQueue.class));
        assertEquals(expected(QUEUE, "new() new(int) new(int,Comparator)"), publicSurface(PriorityQueue.class));
    }

    @Test
    void theWaiterCoreShowsOnlyWhatAStrategyExtends() {
        // run() is the loop's callback (the loop's work is a Runnable); everything else a strategy
        // uses is protected, and the rest of the core is package-private.
        assertEquals(Set.of("run()"), publicSurface(Waiter.class));
        for (Method m : Waiter.class.getDeclaredMethods()) {
            if (Modifier.isProtected(m.getModifiers())) {
                assertTrue(Set.of("resumed", "failed", "cancel", "cancelFromLoop", "accept", "giveBack", "resumesOnLoop").contains(m.getName()),
                        m.toString());
            }
        }
    }

    @Test
    void theBridgeHasOneDoor() {
        assertTrue(Modifier.isFinal(WaiterSpi.class.getModifiers()));
        assertEquals(Set.of(), publicSurface(WaiterSpi.class).stream().filter(s -> s.startsWith("new")).collect(Collectors.toSet()));
        for (Method m : WaiterSpi.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) assertTrue(Modifier.isStatic(m.getModifiers()), m.toString());
        }
    }
}
