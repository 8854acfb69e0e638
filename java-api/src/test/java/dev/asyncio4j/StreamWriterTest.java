package dev.asyncio4j;

import static dev.asyncio4j.Testing.failure;
import static dev.asyncio4j.Testing.inIteration;
import static dev.asyncio4j.Testing.runOneIteration;
import static dev.asyncio4j.Testing.shortOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/design.md, "I/O on the loop", StreamWriter over a fake transport whose buffer the test empties, as a socket would. */
class StreamWriterTest {

    private final EventLoop loop = EventLoop.withVirtualClock();
    private final FakeTransport transport = new FakeTransport();
    private final StreamWriter writer = new StreamWriter(loop, transport, null);

    @AfterEach
    void close() {
        loop.close();
    }

    /** A pipe-like transport: keeps what is written; the test flushes it. */
    private final class FakeTransport implements Transport {
        final List<String> calls = new ArrayList<>();
        long buffered;

        @Override
        public void write(byte[] data) {
            calls.add("write " + data.length);
            buffered += data.length;
        }

        @Override
        public long writeBufferSize() {
            return buffered;
        }

        @Override
        public boolean canWriteEof() {
            return true;
        }

        @Override
        public void writeEof() {
            calls.add("writeEof");
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public SocketAddress peerAddress() {
            return null;
        }

        /** The peer took all but {@code left} bytes. */
        void flushTo(long left) {
            buffered = left;
            writer.transportFlushed();
        }
    }

    private <T> T onLoop(Supplier<T> body) {
        return inIteration(loop, body);
    }

    private void onLoop(Runnable body) {
        inIteration(loop, () -> {
            body.run();
            return null;
        });
    }

    @Test
    void drainCompletesAtOnceBelowTheHighWaterMark() {
        onLoop(() -> writer.write(new byte[1000]));
        CompletableFuture<Void> drain = onLoop(writer::drainAsync);
        assertEquals("value:null", shortOutcome(drain));
        assertEquals(List.of("write 1000"), transport.calls);
    }

    @Test
    void drainAboveTheHighWaterMarkWaitsUntilTheBufferFallsToTheLowWaterMark() {
        onLoop(() -> writer.write(new byte[(int) StreamWriter.HIGH_WATER + 1]));
        CompletableFuture<Void> drain = onLoop(writer::drainAsync);
        assertEquals("pending", shortOutcome(drain));
        onLoop(() -> transport.flushTo(StreamWriter.LOW_WATER + 1));
        assertEquals("pending", shortOutcome(drain));
        onLoop(() -> transport.flushTo(StreamWriter.LOW_WATER));
        assertEquals("value:null", shortOutcome(drain));
    }

    @Test
    void drainFailsWithIOExceptionOnceThePeerIsGoneAndWriteNeverThrows() {
        onLoop(() -> writer.write(new byte[(int) StreamWriter.HIGH_WATER + 1]));
        CompletableFuture<Void> drain = onLoop(writer::drainAsync);
        IOException reset = new IOException("Connection reset by peer");
        onLoop(() -> writer.transportClosed(reset));
        assertSame(reset, assertInstanceOf(IOException.class, failure(drain)).getCause());
        onLoop(() -> writer.write(new byte[10])); // dropped, not thrown
        assertInstanceOf(IOException.class, failure(onLoop(writer::drainAsync)));
        assertTrue(writer.isClosing());
        assertSame(reset, failure(onLoop(writer::waitClosedAsync)));
    }

    @Test
    void drainFailsAfterTheTransportClosedEvenWithAnEmptyBuffer() {
        onLoop(() -> writer.transportClosed(null));
        assertInstanceOf(IOException.class, failure(onLoop(writer::drainAsync)));
    }

    @Test
    void cancelledDrainChangesNothingForTheOthers() {
        onLoop(() -> writer.write(new byte[(int) StreamWriter.HIGH_WATER + 1]));
        CompletableFuture<Void> first = onLoop(writer::drainAsync);
        CompletableFuture<Void> second = onLoop(writer::drainAsync);
        assertTrue(first.cancel(false));
        onLoop(() -> transport.flushTo(0));
        assertTrue(first.isCancelled());
        assertEquals("value:null", shortOutcome(second));
    }

    @Test
    void drainFailsWithTheReadersError() {
        StreamReader reader = new StreamReader(loop, 16);
        StreamWriter w = new StreamWriter(loop, transport, reader);
        IOException boom = new IOException("boom");
        onLoop(() -> reader.setException(boom));
        assertSame(boom, failure(onLoop(w::drainAsync)));
    }

    @Test
    void writeAfterWriteEofThrows() {
        assertTrue(writer.canWriteEof());
        onLoop(() -> writer.write(new byte[3]));
        onLoop(writer::writeEof);
        assertThrows(IllegalStateException.class, () -> writer.write(new byte[1]));
        assertEquals(List.of("write 3", "writeEof"), transport.calls);
    }

    @Test
    void closeClosesTheTransportAndWaitClosedEndsWhenItHasClosed() {
        onLoop(() -> writer.write(new byte[5]));
        assertFalse(writer.isClosing());
        onLoop(writer::close);
        assertTrue(writer.isClosing());
        onLoop(() -> writer.write(new byte[7])); // dropped: the writer is closing
        CompletableFuture<Void> closed = onLoop(writer::waitClosedAsync);
        assertEquals("pending", shortOutcome(closed));
        onLoop(() -> writer.transportClosed(null));
        assertEquals("value:null", shortOutcome(closed));
        assertEquals(List.of("write 5", "close"), transport.calls);
        onLoop(writer::close); // idempotent
        assertEquals(List.of("write 5", "close"), transport.calls);
    }

    @Test
    void writesFromAnotherThreadArePostedInCallOrderBeforeAClose() {
        byte[] data = new byte[4];
        writer.write(data); // this thread does not run the loop now: posted, copied
        data[0] = 1;
        writer.write(new byte[6]);
        writer.close();
        assertEquals(List.of(), transport.calls);
        runOneIteration(loop);
        assertEquals(List.of("write 4", "write 6", "close"), transport.calls);
    }

    @Test
    void peerAddressIsNullForAPipe() {
        assertNull(writer.peerAddress());
    }

    @Test
    void toStringShowsState() {
        onLoop(() -> writer.write(new byte[(int) StreamWriter.HIGH_WATER + 1]));
        onLoop(writer::close);
        assertEquals("StreamWriter[pipe, closing, paused]", writer.toString());
    }
}
