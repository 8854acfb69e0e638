package dev.asyncio4j;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's JMX bean and its slow-callback measurements, JFR included (issue 17, item 4). */
class LoopMonitorTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private static ObjectName nameOf(EventLoop loop) throws Exception {
        return new ObjectName("dev.asyncio4j:type=EventLoop,name=" + loop.monitor().getName());
    }

    @Test
    void mbeanIsRegisteredOnceTheLoopHasRunASecondAndShowsItsTasksAndTimers() throws Exception {
        Event never = new Event();
        EventLoop loop = new EventLoop();
        ObjectName name = nameOf(loop);
        assertFalse(SERVER.isRegistered(name), "registered when the loop runs, not before");
        try (EventLoop running = loop.start()) {
            assertTrue(TaskGraphTest.awaitTrue(() -> SERVER.isRegistered(name)));
            running.createTask("stuck", never::waitAsync);
            running.callLater(Duration.ofHours(1), () -> { });
            assertTrue(TaskGraphTest.awaitTrue(() -> attribute(name, "PendingTimerCount").equals(1)));
            assertEquals(1, SERVER.getAttribute(name, "TaskCount"));
            String graph = (String) SERVER.getAttribute(name, "TaskGraph");
            assertTrue(graph.endsWith("└── stuck waits on Event[unset, waiters:1]"), graph);
            assertEquals(0, SERVER.getAttribute(name, "ReadyCount"));
            assertEquals(running.toString(), SERVER.getAttribute(name, "State"));
        }
        assertFalse(SERVER.isRegistered(name), "unregistered at close");
    }

    private static Object attribute(ObjectName name, String attribute) {
        try {
            return SERVER.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLoopThatClosesWithinASecondIsNeverRegistered() throws Exception {
        EventLoop loop = new EventLoop();
        loop.run(() -> CompletableFuture.completedFuture(null));
        loop.close();
        Thread.sleep(LoopMonitor.REGISTER_AFTER_MILLIS + 200);
        assertFalse(SERVER.isRegistered(nameOf(loop)));
    }

    @Test
    void slowCallbacksAreCountedOnlyWhileMonitoredOverTheThreshold() throws Exception {
        try (EventLoop loop = new EventLoop().start()) {
            ObjectName name = nameOf(loop);
            assertTrue(TaskGraphTest.awaitTrue(() -> SERVER.isRegistered(name)));
            SERVER.setAttribute(name, new Attribute("SlowCallbackThresholdMillis", 1.0));
            sleptThenMeasured(loop);
            assertEquals(0L, SERVER.getAttribute(name, "SlowCallbackCount"), "not measured while monitoring is off");

            SERVER.setAttribute(name, new Attribute("Monitoring", true));
            sleptThenMeasured(loop);
            assertEquals(1L, SERVER.getAttribute(name, "SlowCallbackCount"));
            assertTrue(((String) SERVER.getAttribute(name, "SlowestCallback")).contains("SleepingCallback"));
            assertTrue((double) SERVER.getAttribute(name, "SlowestCallbackMillis") > 0);

            SERVER.invoke(name, "resetSlowCallbacks", null, null);
            assertEquals(0L, loop.monitor().getSlowCallbackCount());
            assertEquals("", loop.monitor().getSlowestCallback());
        }
    }

    @Test
    void slowCallbackIsRecordedAsAJfrEvent() throws Exception {
        Path file = Files.createTempFile("slow-callback", ".jfr");
        try (EventLoop loop = new EventLoop(); Recording recording = new Recording()) {
            recording.enable(SlowCallbackEvent.NAME).withThreshold(Duration.ofMillis(1));
            recording.start();
            loop.run(() -> sleepingCallback(loop));
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            long slow = events.stream()
                    .filter(e -> e.getEventType().getName().equals(SlowCallbackEvent.NAME))
                    .filter(e -> e.getString("loop").equals(loop.monitor().getName()))
                    .filter(e -> e.getString("callback").contains("SleepingCallback"))
                    .count();
            assertEquals(1, slow);
        } finally {
            Files.deleteIfExists(file);
        }
        assertFalse(LoopMonitor.jfrEnabled, "no recording left: loops stop timing their callbacks");
    }

    /** Runs the sleeping callback on a started loop, then one more callback: the loop has measured the first by then. */
    private static void sleptThenMeasured(EventLoop loop) throws Exception {
        sleepingCallback(loop).get(10, TimeUnit.SECONDS); // completed inside the callback, before it is measured
        loop.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    /** A callback that sleeps 20 ms on the loop, then lets main end. */
    private static CompletableFuture<Void> sleepingCallback(EventLoop loop) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.callSoon(new SleepingCallback(done));
        return done;
    }

    private record SleepingCallback(CompletableFuture<Void> done) implements Runnable {
        @Override
        public void run() {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.complete(null);
        }

        @Override
        public String toString() {
            return "SleepingCallback";
        }
    }
}
