package dev.asyncio4j;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A loop's {@link EventLoopMXBean}: its slow-callback statistics, measured by the loop's thread
 * (the only writer), and its registration on the platform MBeanServer.
 *
 * <p>It holds its loop weakly, so that the MBeanServer does not keep a loop nobody closed: a
 * Cleaner unregisters the bean once the loop is garbage.
 */
final class LoopMonitor implements EventLoopMXBean {
    private static final System.Logger LOG = System.getLogger("dev.asyncio4j.EventLoop");
    private static final boolean JMX = !"false".equals(System.getProperty("dev.asyncio4j.jmx"));
    /** True while a JFR recording has {@link SlowCallbackEvent} enabled (kept by its listener). */
    static volatile boolean jfrEnabled;
    private static final boolean JFR;

    static {
        boolean jfr;
        try {
            SlowCallbackEvent.followRecordings();
            jfr = true;
        } catch (Throwable noJfr) { // a runtime without jdk.jfr, or one that forbids it: no events
            jfr = false;
        }
        JFR = jfr;
    }

    private final String name;
    private final WeakReference<EventLoop> loop;
    private volatile boolean monitoring;
    private volatile long thresholdNanos = TimeUnit.MILLISECONDS.toNanos(100);
    // Written by the loop's thread only; volatile so that JMX readers see them.
    private volatile long slowCount;
    private volatile long slowestNanos;
    private volatile String slowest = "";
    /** Registered on the platform MBeanServer (loop thread, or the closing thread after it). */
    private ObjectName registeredAs;

    LoopMonitor(EventLoop loop, String name) {
        this.loop = new WeakReference<>(loop);
        this.name = name;
    }

    // ------------------------------------------------------------------------------------------
    // Timing, on the loop's thread

    /** True if the loop must time its callbacks: monitoring on, or a JFR recording wants slow callbacks. */
    boolean timed() {
        return monitoring || jfrEnabled;
    }

    /** Before a timed callback: a JFR event started, or null. */
    Object beginEvent() {
        return JFR && jfrEnabled ? SlowCallbackEvent.begin(name) : null;
    }

    /** After a timed callback that took {@code nanos}: counted if slow, logged in debug mode, its JFR event ended. */
    void ran(Runnable callback, long nanos, Object event, boolean debug) {
        if (event != null) ((SlowCallbackEvent) event).end(callback);
        if (nanos < thresholdNanos) return;
        slowCount++; // one writer: the loop's thread
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowest = String.valueOf(callback);
        }
        if (debug) {
            LOG.log(System.Logger.Level.WARNING, "Executing " + callback + " took "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms on " + name);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Registration

    /** The loop runs: registers the bean, the first time. */
    synchronized void loopStarted(EventLoop running) {
        if (registeredAs != null || !JMX) return;
        try {
            ObjectName objectName = new ObjectName("dev.asyncio4j:type=EventLoop,name=" + name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new StandardMBean(this, EventLoopMXBean.class, true), objectName);
            registeredAs = objectName;
            UnretrievedFailure.CLEANER.register(running, () -> unregister(objectName));
        } catch (JMException | RuntimeException | LinkageError unavailable) {
            LOG.log(System.Logger.Level.DEBUG, "no JMX bean for " + name, unavailable);
        }
    }

    /** The loop closed: unregisters the bean. */
    synchronized void loopClosed() {
        if (registeredAs == null) return;
        unregister(registeredAs);
        registeredAs = null;
    }

    private static void unregister(ObjectName objectName) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (JMException | RuntimeException gone) {
            // already unregistered (closed, then collected)
        }
    }

    // ------------------------------------------------------------------------------------------
    // EventLoopMXBean

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getState() {
        EventLoop l = loop.get();
        return l == null ? "collected" : l.toString();
    }

    @Override
    public int getTaskCount() {
        EventLoop l = loop.get();
        return l == null ? 0 : l.allTasks().size();
    }

    @Override
    public String getTaskGraph() {
        EventLoop l = loop.get();
        return l == null ? "" : l.dumpTasks();
    }

    @Override
    public int getReadyCount() {
        EventLoop l = loop.get();
        return l == null ? 0 : l.readyCount();
    }

    @Override
    public int getPendingTimerCount() {
        EventLoop l = loop.get();
        return l == null ? 0 : Math.max(0, l.timerCount() - l.cancelledTimerCount());
    }

    @Override
    public boolean isMonitoring() {
        return monitoring;
    }

    @Override
    public void setMonitoring(boolean on) {
        monitoring = on;
    }

    @Override
    public double getSlowCallbackThresholdMillis() {
        return thresholdNanos / 1e6;
    }

    @Override
    public void setSlowCallbackThresholdMillis(double millis) {
        if (!(millis >= 0)) throw new IllegalArgumentException("threshold must be 0 or more: " + millis);
        thresholdNanos = (long) (millis * 1e6);
    }

    @Override
    public long getSlowCallbackCount() {
        return slowCount;
    }

    @Override
    public String getSlowestCallback() {
        return slowest;
    }

    @Override
    public double getSlowestCallbackMillis() {
        return slowestNanos / 1e6;
    }

    @Override
    public void resetSlowCallbacks() {
        slowCount = 0;
        slowestNanos = 0;
        slowest = "";
    }

    @Override
    public String toString() {
        return "LoopMonitor[" + name + ", slow callbacks:" + slowCount + "]";
    }
}
