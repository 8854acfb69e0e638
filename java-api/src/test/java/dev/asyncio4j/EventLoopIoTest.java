package dev.asyncio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/design.md, "I/O on the loop": the loop as an I/O loop (the virtual clock and outstanding I/O). */
class EventLoopIoTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final EventLoop loop = EventLoop.withVirtualClock();

    private final List<Pipe> pipes = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        loop.close();
        for (Pipe p : pipes) {
            p.source().close();
            p.sink().close();
        }
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        pipes.add(p);
        return p;
    }

    private static void send(Pipe p, String text) throws IOException {
        p.sink().write(ByteBuffer.wrap(text.getBytes()));
    }

    /** Runs the loop until {@code done} is counted down; a test that waits in vain fails after 10 s of the loop's (real) time. */
    private void runUntil(CountDownLatch done) {
        Runnable[] check = {null};
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        check[0] = () -> {
            if (done.getCount() == 0 || System.nanoTime() > giveUp) loop.stop();
            else loop.callLater(Duration.ofMillis(1), check[0]);
        };
        loop.callSoon(check[0]);
        loop.runForever();
        assertEquals(0, done.getCount(), "waited 10 s in vain");
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

    @Test
    void addReaderCallsBackEachIterationTheChannelIsReadable() throws IOException {
        Pipe p = pipe();
        List<String> got = new ArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        loop.addReader(p.source(), () -> {
            got.add("readable");
            twice.countDown(); // not read: the channel stays readable, so it is called again
        });
        assertTrue(loop.selectorOpen());
        send(p, "x");
        runUntil(twice);
        assertEquals("readable", got.get(0));
        assertTrue(loop.removeReader(p.source()));
        assertFalse(loop.removeReader(p.source()), "nothing registered any more");
    }

    @Test
    void reAddingAReaderReplacesTheCallbackAndCancelsTheOldHandle() throws IOException {
        Pipe p = pipe();
        List<String> got = new CopyOnWriteArrayList<>();
        CountDownLatch second = new CountDownLatch(1);
        Handle first = loop.addReader(p.source(), () -> got.add("first"));
        loop.addReader(p.source(), () -> {
            got.add("second");
            second.countDown();
        });
        assertTrue(first.cancelled());
        send(p, "x");
        runUntil(second);
        assertFalse(got.contains("first"));
        assertEquals(1, loop.ioOutstanding(), "one channel, one registration");
    }

    @Test
    void cancelledReaderHandleNeverRunsAndItsRegistrationGoes() throws IOException {
        Pipe p = pipe();
        AtomicBoolean ran = new AtomicBoolean();
        loop.addReader(p.source(), () -> ran.set(true)).cancel();
        send(p, "x");
        CountDownLatch unregistered = new CountDownLatch(1);
        Runnable[] poll = {null};
        poll[0] = () -> {
            if (loop.ioOutstanding() == 0) unregistered.countDown();
            else loop.callSoon(poll[0]);
        };
        loop.callSoon(poll[0]);
        runUntil(unregistered);
        assertFalse(ran.get());
        assertFalse(loop.removeReader(p.source()));
    }

    @Test
    void addWriterCallsBackWhileTheChannelIsWritable() throws IOException {
        Pipe p = pipe();
        CountDownLatch writable = new CountDownLatch(1);
        loop.addWriter(p.sink(), writable::countDown);
        runUntil(writable);
        assertTrue(loop.removeWriter(p.sink()));
        assertFalse(loop.removeWriter(p.sink()));
        assertFalse(loop.removeReader(p.sink()));
    }

    @Test
    void callSoonFromAnotherThreadWakesALoopWaitingInSelect() throws Exception {
        Pipe p = pipe();
        loop.addReader(p.source(), () -> { }); // never readable: the loop waits in select
        loop.start();
        CountDownLatch ran = new CountDownLatch(1);
        Thread.sleep(20); // likely in select by now; the test holds either way
        loop.callSoon(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "callSoon did not wake the selecting loop");
    }

    @Test
    void virtualClockDoesNotJumpWhileAChannelIsRegistered() throws IOException {
        Pipe p = pipe();
        AtomicBoolean fired = new AtomicBoolean();
        loop.addReader(p.source(), () -> { });
        loop.callLater(AN_HOUR, () -> fired.set(true));
        loop.callSoon(this::stopFromAnotherThreadSoon);
        loop.runForever();
        assertFalse(fired.get(), "the clock jumped an hour while a channel was registered");
        loop.removeReader(p.source());
        loop.callLater(AN_HOUR.plusSeconds(1), loop::stop);
        loop.runForever();
        assertTrue(fired.get());
    }

    @Test
    void aLoopThatNeverRegistersAChannelHasNoSelector() {
        loop.callLater(Duration.ofSeconds(1), loop::stop);
        loop.runForever();
        assertFalse(loop.selectorOpen());
    }

    @Test
    void closeClosesTheSelectorAndLaterRegistrationsFail() throws IOException {
        Pipe p = pipe();
        loop.addReader(p.source(), () -> { });
        assertTrue(loop.selectorOpen());
        loop.close();
        assertFalse(loop.selectorOpen());
        assertTrue(p.source().isOpen(), "the channel is its owner's to close");
        assertThrows(IllegalStateException.class, () -> loop.addReader(p.source(), () -> { }));
        assertFalse(loop.removeReader(p.source()));
    }

    @Test
    void registrationFromAnotherThreadWhileTheLoopRunsFails() throws Exception {
        Pipe p = pipe();
        loop.start();
        assertThrows(IllegalStateException.class, () -> loop.addReader(p.source(), () -> { }));
    }
}
