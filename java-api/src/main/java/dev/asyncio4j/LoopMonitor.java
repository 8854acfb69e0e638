package dev.asyncio4j;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.management.JMException;
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
    static final long REGISTER_AFTER_MILLIS = 1000;
    /** True while a JFR recording has {@link SlowCallbackEvent} enabled (kept by its listener). */
    static volatile boolean jfrEnabled;
    /**
     * The listener is installed, or JFR is unavailable. Not before JFR starts in this JVM: loading
     * JFR's machinery for a process that never records would cost every program's startup.
     */
    private static volatile boolean jfrWatched;

    private final String name;
    private final WeakReference<EventLoop> loop;
    private volatile boolean monitoring;
    private volatile long thresholdNanos = TimeUnit.MILLISECONDS.toNanos(100);
    // Written by the loop's thread only; volatile so that JMX readers see them.
    private volatile long slowCount;
    private volatile long slowestNanos;
    private volatile String slowest = "";
    /** The registration to come, until it is done or the loop closes. Guarded by this. */
    private Future<?> registration;
    /** Registered on the platform MBeanServer. Guarded by this. */
    private ObjectName registeredAs;
    private boolean closed;

    LoopMonitor(EventLoop loop, String name) {
        this.loop = new WeakReference<>(loop);
        this.name = name;
    }

    // ------------------------------------------------------------------------------------------
    // Timing, on the loop's thread

    /** True if the loop must time its callbacks: monitoring on, or a JFR recording wants slow callbacks. */
    boolean timed() {
        return monitoring || jfrEnabled || (!jfrWatched && jfrStarted());
    }

    /** JFR has started in this JVM (a cheap check until it has): from now on a listener follows its recordings. */
    private static boolean jfrStarted() {
        try {
            if (!jdk.jfr.FlightRecorder.isInitialized()) return false;
            jfrWatched = true; // a race installs two listeners, which agree
            SlowCallbackEvent.followRecordings();
        } catch (LinkageError | RuntimeException noJfr) { // a runtime without jdk.jfr, or one that forbids it
            jfrWatched = true;
        }
        return jfrEnabled;
    }

    /** Before a timed callback: a JFR event started, or null. */
    Object beginEvent() {
        return jfrEnabled ? SlowCallbackEvent.begin(name) : null;
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

    /**
     * The loop runs: the bean is registered {@value #REGISTER_AFTER_MILLIS} ms later by the
     * registrar's thread, if the loop is still open. A loop that ends sooner is never registered:
     * JMX would cost a short program its startup (the platform MBeanServer) and every loop tens
     * of microseconds, for a loop nobody has time to look at.
     */
    synchronized void loopStarted() {
        if (registration != null || registeredAs != null || closed || !JMX) return;
        registration = Registrar.EXECUTOR.schedule(this::register, REGISTER_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void register() {
        registration = null;
        EventLoop l = loop.get();
        if (closed || l == null) return;
        try {
            ObjectName objectName = new ObjectName("dev.asyncio4j:type=EventLoop,name=" + name);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(this, EventLoopMXBean.class, true), objectName);
            registeredAs = objectName;
            UnretrievedFailure.CLEANER.register(l, () -> unregister(objectName)); // a loop never closed
        } catch (JMException | RuntimeException | LinkageError unavailable) {
            LOG.log(System.Logger.Level.DEBUG, "no JMX bean for " + name, unavailable);
        }
    }

    /** The loop closed: the bean is unregistered, or never will be. */
    synchronized void loopClosed() {
        closed = true;
        if (registration != null) registration.cancel(false);
        registration = null;
        if (registeredAs != null) unregister(registeredAs);
        registeredAs = null;
    }

    /** One daemon thread for the whole process, made when the first loop runs. */
    private static final class Registrar {
        static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "asyncio4j-jmx");
            t.setDaemon(true);
            return t;
        });

        static {
            EXECUTOR.setRemoveOnCancelPolicy(true); // loops that close at once leave nothing queued
        }
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
        return ofLoop(EventLoop::toString, "collected");
    }

    @Override
    public int getTaskCount() {
        return ofLoop(l -> l.allTasks().size(), 0);
    }

    @Override
    public String getTaskGraph() {
        return ofLoop(EventLoop::dumpTasks, "");
    }

    @Override
    public int getReadyCount() {
        return ofLoop(EventLoop::readyCount, 0);
    }

    @Override
    public int getPendingTimerCount() {
        return ofLoop(l -> Math.max(0, l.timerCount() - l.cancelledTimerCount()), 0);
    }

    /** {@code read} of the loop, or {@code collected} once the loop is garbage (the bean outlives it until the Cleaner runs). */
    private <R> R ofLoop(Function<EventLoop, R> read, R collected) {
        EventLoop l = loop.get();
        return l == null ? collected : read.apply(l);
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
