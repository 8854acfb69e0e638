package dev.asyncio4j;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The JFR event of a callback that held its loop's thread for longer than the event's
 * {@code threshold} setting (100 ms by default, asyncio's {@code slow_callback_duration}). It is
 * committed only while a recording has it enabled; and only then, or with monitoring or debug
 * mode on, does the loop time its callbacks (see {@link LoopMonitor}).
 */
@Name(SlowCallbackEvent.NAME)
@Label("Slow Callback")
@Category("asyncio4j")
@Description("A callback that held an asyncio4j event loop's thread longer than the threshold")
@Threshold("100 ms")
@StackTrace(false)
final class SlowCallbackEvent extends Event {
    static final String NAME = "dev.asyncio4j.SlowCallback";

    @Label("Event Loop")
    String loop;

    @Label("Callback")
    String callback;

    /** Keeps {@link LoopMonitor#jfrEnabled} in step with the recordings: called once JFR has started. */
    static void followRecordings() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                refresh();
            }
        });
        if (FlightRecorder.isInitialized()) refresh(); // a recording may be running already (-XX:StartFlightRecording)
    }

    private static void refresh() {
        LoopMonitor.jfrEnabled = EventType.getEventType(SlowCallbackEvent.class).isEnabled();
    }

    /** Started before a callback; null if no recording wants the event. */
    static SlowCallbackEvent begin(String loop) {
        SlowCallbackEvent event = new SlowCallbackEvent();
        if (!event.isEnabled()) return null;
        event.loop = loop;
        event.begin();
        return event;
    }

    /** Ended after the callback; committed if it passed the recording's threshold. */
    void end(Runnable callback) {
        end();
        if (shouldCommit()) {
            this.callback = String.valueOf(callback);
            commit();
        }
    }
}
