package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §6: the loop as an I/O loop (the virtual clock and outstanding I/O). */
class EventLoopIoTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final EventLoop loop = EventLoop.withVirtualClock();

    @AfterEach
    void close() {
        loop.close();
    }

    /** From another thread, a little later (real time, no assertion on it): stops the loop. */
    private void stopFromAnotherThreadSoon() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            loop.callSoon(loop::stop);
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void virtualClockDoesNotJumpWhileIoIsOutstanding() {
        AtomicBoolean fired = new AtomicBoolean();
        loop.ioStarted();
        loop.callLater(AN_HOUR, () -> fired.set(true));
        loop.callSoon(this::stopFromAnotherThreadSoon);
        loop.runForever(); // sleeps on real time until the other thread stops it
        assertFalse(fired.get(), "the clock jumped an hour while I/O was registered");
        assertTrue(loop.time() < AN_HOUR.toNanos());

        loop.ioFinished();
        loop.callLater(AN_HOUR.plusSeconds(1), loop::stop);
        loop.runForever(); // nothing outstanding: the clock jumps again
        assertTrue(fired.get());
        assertEquals(0, loop.ioOutstanding());
    }
}
