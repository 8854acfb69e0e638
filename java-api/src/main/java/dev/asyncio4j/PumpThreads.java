package dev.asyncio4j;

import java.lang.reflect.Method;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that pump a child's pipes ({@link ReadPipe}, {@link WritePipe}) and wait for its
 * exit: the JDK's pipes and {@code waitFor} block, so each gets a thread of its own while it has
 * work. A virtual thread where the running JDK has them (21+), found by reflection because the
 * bytecode is Java 17's. Otherwise a daemon platform thread from a shared cached pool, so that a
 * pump never keeps the JVM alive and starting many short children does not start as many threads
 * (idle ones end after 10 seconds); it carries the pump's name while it pumps.
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
     * Runs {@code body} on a pump thread of its own.
     *
     * @param name the thread's name: {@code asyncio4j-subprocess-<pid>-<stream>}
     */
    static void start(String name, Runnable body) {
        if (OF_VIRTUAL != null) {
            try {
                ((Thread) UNSTARTED.invoke(NAME.invoke(OF_VIRTUAL.invoke(null), name), body)).start();
                return;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                // e.g. preview-only virtual threads (JDK 19, 20): the pool instead
            }
        }
        POOL.execute(() -> {
            Thread current = Thread.currentThread();
            current.setName(name);
            try {
                body.run();
            } finally {
                current.setName(IDLE);
            }
        });
    }

    private static final String IDLE = "asyncio4j-pump-idle";
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), body -> {
                Thread thread = new Thread(body, IDLE);
                thread.setDaemon(true);
                return thread;
            });

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
