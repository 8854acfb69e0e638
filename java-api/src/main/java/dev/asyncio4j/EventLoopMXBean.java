package dev.asyncio4j;

/**
 * An event loop as {@code jconsole}, {@code jcmd} or any JMX client sees it: its tasks (the
 * {@link TaskGraph} as text), its queues, and its slow callbacks. Each loop registers one on the
 * platform MBeanServer as {@code dev.asyncio4j:type=EventLoop,name=<loop name>} once it has been
 * running for a second (a loop that closes sooner is never registered, so that short programs and
 * benchmarks pay nothing for JMX), and unregisters it when it closes (or, for a loop never closed,
 * once it is garbage). The JVM property {@code -Ddev.asyncio4j.jmx=false} turns registration off.
 * {@link EventLoop#monitor()} gives the same object to code in the process, registered or not.
 *
 * <p>Slow callbacks (asyncio: {@code loop.slow_callback_duration}, the warnings of debug mode) are
 * measured only while {@linkplain #isMonitoring() monitoring} or debug mode is on, or a JFR
 * recording has the {@code dev.asyncio4j.SlowCallback} event enabled: otherwise the loop reads no
 * clock around its callbacks. A slow callback is counted, the slowest is remembered, debug mode
 * logs a warning, and a JFR recording gets a {@code dev.asyncio4j.SlowCallback} event (whose own
 * {@code threshold} setting, 100 ms by default, filters it).
 *
 * <h2>States</h2>
 * The bean lives as long as its loop: the counts of a closed loop stay readable through
 * {@link EventLoop#monitor()}, and once the loop is garbage the bean reports it "collected".
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. The counts are read without stopping the loop, so
 * they are a moment's values; the task graph is built on the loop (see {@link TaskGraph#capture}).
 *
 * <h2>asyncio differs</h2>
 * asyncio has no JMX; its nearest tools are {@code asyncio.all_tasks()}, debug mode's slow
 * callback warnings and {@code python -m asyncio ps|pstree PID}.
 */
public interface EventLoopMXBean {

    /** @return the loop's name, as in its ObjectName and its thread's name */
    String getName();

    /** @return the loop's {@code toString()}: running, idle, closed, shut down */
    String getState();

    /** @return the number of unfinished tasks. asyncio: {@code len(asyncio.all_tasks())} */
    int getTaskCount();

    /** @return the unfinished tasks and what each waits on, as a tree ({@link TaskGraph#format()}) */
    String getTaskGraph();

    /** @return callbacks ready to run, including those handed over from other threads and not yet taken */
    int getReadyCount();

    /** @return timers scheduled and not cancelled */
    int getPendingTimerCount();

    /** @return true while slow callbacks are measured on request (debug mode and JFR measure them too) */
    boolean isMonitoring();

    /** @param on true: measure every callback's duration from now on */
    void setMonitoring(boolean on);

    /** @return the duration over which a callback counts as slow, in milliseconds; 100 by default */
    double getSlowCallbackThresholdMillis();

    /** @param millis the duration over which a callback counts as slow; 0 counts every measured callback */
    void setSlowCallbackThresholdMillis(double millis);

    /** @return the number of slow callbacks measured since the loop was made or {@link #resetSlowCallbacks()} */
    long getSlowCallbackCount();

    /** @return the slowest callback measured, as text, or an empty string if none was slow */
    String getSlowestCallback();

    /** @return how long the slowest callback took, in milliseconds; 0 if none was slow */
    double getSlowestCallbackMillis();

    /** Forgets the slow callbacks counted so far. */
    void resetSlowCallbacks();
}
