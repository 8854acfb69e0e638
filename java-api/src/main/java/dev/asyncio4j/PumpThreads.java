package dev.asyncio4j;

import java.lang.reflect.Method;

/**
 * The threads that pump a child's pipes ({@link ReadPipe}, {@link WritePipe}): the JDK's pipes
 * block, so each pipe that has work gets a thread of its own. A virtual thread where the running
 * JDK has them (21+), found by reflection because the bytecode is Java 17's; a daemon platform
 * thread otherwise, so that a pump never keeps the JVM alive.
 */
final class PumpThreads {
    private PumpThreads() {
    }

    /** {@code Thread.Builder.unstarted(Runnable)} of {@code Thread.ofVirtual().name(name)}, or null before JDK 21. */
    private static final Method OF_VIRTUAL, NAME, UNSTARTED;

    static {
        Method ofVirtual = null, name = null, unstarted = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            name = builder.getMethod("name", String.class);
            unstarted = builder.getMethod("unstarted", Runnable.class);
        } catch (ReflectiveOperationException | LinkageError noVirtualThreads) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        UNSTARTED = unstarted;
    }

    /** True if pumps run on virtual threads (JDK 21+). */
    static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /**
     * Starts {@code body} on a new pump thread.
     *
     * @param name the thread's name: {@code asyncio4j-subprocess-<pid>-<stream>}
     */
    static Thread start(String name, Runnable body) {
        Thread thread = null;
        if (OF_VIRTUAL != null) {
            try {
                thread = (Thread) UNSTARTED.invoke(NAME.invoke(OF_VIRTUAL.invoke(null), name), body);
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                thread = null; // e.g. preview-only virtual threads: fall back
            }
        }
        if (thread == null) {
            thread = new Thread(body, name);
            thread.setDaemon(true);
        }
        thread.start();
        return thread;
    }

    /**
     * Runs {@code work} on {@code loop}, in order with everything the pump posted before. False if
     * the loop is closed: nothing will run there any more, so the pump stops.
     */
    static boolean post(EventLoop loop, LoopWork work) {
        try {
            loop.schedule(work);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }
}
