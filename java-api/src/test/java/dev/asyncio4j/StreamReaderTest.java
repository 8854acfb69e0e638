package dev.asyncio4j;

import static dev.asyncio4j.Testing.failure;
import static dev.asyncio4j.Testing.inIteration;
import static dev.asyncio4j.Testing.runOneIteration;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "I/O on the loop", StreamReader (asyncio's test_streams.py rules): fed by the test as a transport would,
 * on the loop's thread, one iteration at a time.
 */
class StreamReaderTest {

    private final EventLoop loop = EventLoop.withVirtualClock();
    private final List<String> sourceCalls = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private StreamReader reader(int limit) {
        StreamReader r = new StreamReader(loop, limit);
        r.setSource(new ReadSource() {
            @Override
            public void pauseReading() {
                sourceCalls.add("pause");
            }

            @Override
            public void resumeReading() {
                sourceCalls.add("resume");
            }
        });
        return r;
    }

    private void feed(StreamReader r, String data) {
        inIteration(loop, () -> {
            r.feedData(data.getBytes(ISO_8859_1));
            return null;
        });
    }

    private void feedEof(StreamReader r) {
        inIteration(loop, () -> {
            r.feedEof();
            return null;
        });
    }

    private CompletableFuture<byte[]> read(Supplier<CompletableFuture<byte[]>> op) {
        return inIteration(loop, op);
    }

    /** "pending", "value:&lt;text&gt;", or the failure's simple name. */
    private static String got(CompletableFuture<byte[]> f) {
        if (!f.isDone()) return "pending";
        if (f.isCancelled()) return "cancelled";
        try {
            return "value:" + new String(f.join(), ISO_8859_1);
        } catch (CompletionException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @Test
    void readLineReturnsLinesWithNewlineThenPartialLastLineThenEmpty() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        feed(r, "one\ntwo");
        feedEof(r);
        assertEquals("value:one\n", got(read(r::readLineAsync)));
        assertFalse(r.atEof());
        assertEquals("value:two", got(read(r::readLineAsync)));
        assertTrue(r.atEof());
        assertEquals("value:", got(read(r::readLineAsync)));
    }

    @Test
    void readLineWaitsForNewlineAndIsServedOnTheIterationAfterData() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> line = read(r::readLineAsync);
        feed(r, "par");
        runOneIteration(loop);
        assertEquals("pending", got(line));
        feed(r, "tial\nrest");
        assertEquals("pending", got(line), "a woken read runs on a later iteration, never inside feedData");
        runOneIteration(loop);
        assertEquals("value:partial\n", got(line));
        assertEquals("value:rest", got(read(() -> r.readAsync(100))));
    }

    @Test
    void readUntilFindsMultiByteSeparatorSplitAcrossFeeds() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> chunk = read(() -> r.readUntilAsync(bytes("\r\n\r\n")));
        for (String part : new String[] {"head\r", "\n\r", "\n", "body"}) {
            feed(r, part);
            runOneIteration(loop);
        }
        assertEquals("value:head\r\n\r\n", got(chunk));
        assertEquals("value:body", got(read(() -> r.readAsync(100))));
    }

    @Test
    void readUntilAtEofFailsWithPartialBytesAndExpectedMinusOne() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        feed(r, "no separator");
        feedEof(r);
        CompletableFuture<byte[]> chunk = read(() -> r.readUntilAsync(bytes("::")));
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failure(chunk));
        assertArrayEquals(bytes("no separator"), e.partial());
        assertEquals(-1, e.expected());
        assertTrue(r.atEof());
    }

    @Test
    void readExactlyAtEofFailsWithThePartialBytes() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> five = read(() -> r.readExactlyAsync(5));
        feed(r, "abc");
        feedEof(r);
        runOneIteration(loop);
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failure(five));
        assertArrayEquals(bytes("abc"), e.partial());
        assertEquals(5, e.expected());
        assertEquals("3 bytes read on a total of 5 expected bytes", e.getMessage());
        assertTrue(r.atEof());
    }

    @Test
    void readExactlyWaitsForAllBytesEvenPastTheLimit() {
        StreamReader r = reader(4);
        CompletableFuture<byte[]> twelve = read(() -> r.readExactlyAsync(12));
        feed(r, "0123456789");
        runOneIteration(loop);
        assertEquals("pending", got(twelve));
        assertEquals(List.of(), sourceCalls, "a waiting read keeps the source going");
        feed(r, "ABC");
        runOneIteration(loop);
        assertEquals("value:0123456789AB", got(twelve));
        assertEquals("value:C", got(read(() -> r.readAsync(100))));
    }

    @Test
    void readLineLongerThanLimitFailsDropsThatLineAndTheReaderStaysUsable() {
        StreamReader r = reader(4);
        feed(r, "0123456789\nnext\n");
        CompletableFuture<byte[]> tooLong = read(r::readLineAsync);
        LimitOverrunException e = assertInstanceOf(LimitOverrunException.class, failure(tooLong));
        assertEquals(10, e.consumed());
        assertEquals("value:next\n", got(read(r::readLineAsync)));
    }

    @Test
    void readLineOverLimitWithoutNewlineDropsTheWholeBuffer() {
        StreamReader r = reader(4);
        feed(r, "0123456789");
        assertInstanceOf(LimitOverrunException.class, failure(read(r::readLineAsync)));
        feed(r, "ok\n");
        assertEquals("value:ok\n", got(read(r::readLineAsync)));
    }

    @Test
    void readUntilPastLimitFailsAndLeavesTheBufferAsItWas() {
        StreamReader r = reader(4);
        feed(r, "0123456789!");
        LimitOverrunException e = assertInstanceOf(LimitOverrunException.class,
                failure(read(() -> r.readUntilAsync(bytes("!")))));
        assertEquals(10, e.consumed());
        assertEquals("value:0123456789!", got(read(() -> r.readAsync(100))));
    }

    @Test
    void readReturnsWhatIsBufferedUpToNThenEmptyAtEof() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        feed(r, "abcdef");
        assertEquals("value:abcd", got(read(() -> r.readAsync(4))));
        assertEquals("value:ef", got(read(() -> r.readAsync(4))));
        feedEof(r);
        assertEquals("value:", got(read(() -> r.readAsync(4))));
    }

    @Test
    void readToEofCollectsEverythingWithoutPausingTheSource() {
        StreamReader r = reader(2);
        CompletableFuture<byte[]> all = read(() -> r.readAsync(-1));
        feed(r, "0123456789");
        feed(r, "abc");
        feedEof(r);
        runOneIteration(loop);
        assertEquals("value:0123456789abc", got(all));
        assertFalse(sourceCalls.contains("pause"));
    }

    @Test
    void readZeroAndReadExactlyZeroAreEmptyAtOnce() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        assertEquals("value:", got(read(() -> r.readAsync(0))));
        assertEquals("value:", got(read(() -> r.readExactlyAsync(0))));
    }

    @Test
    void misuseFailsTheFutureNeverThrows() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        assertInstanceOf(IllegalArgumentException.class, failure(r.readExactlyAsync(-1)));
        assertInstanceOf(IllegalArgumentException.class, failure(r.readUntilAsync(new byte[0])));
    }

    @Test
    void secondReadWhileOneWaitsFails() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> first = read(r::readLineAsync);
        assertInstanceOf(IllegalStateException.class, failure(read(() -> r.readAsync(1))));
        feed(r, "x\n");
        runOneIteration(loop);
        assertEquals("value:x\n", got(first));
    }

    @Test
    void setExceptionFailsTheWaitingReadAndEveryLaterOne() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> waiting = read(r::readLineAsync);
        IOException reset = new IOException("reset");
        inIteration(loop, () -> {
            r.setException(reset);
            return null;
        });
        runOneIteration(loop);
        assertEquals(reset, failure(waiting));
        assertEquals(reset, failure(read(() -> r.readAsync(0))));
    }

    @Test
    void cancelledWaitingReadLosesNoByte() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> ten = read(() -> r.readExactlyAsync(10));
        feed(r, "01234");
        runOneIteration(loop);
        assertTrue(ten.cancel(false));
        feed(r, "56789");
        runOneIteration(loop);
        assertEquals("value:0123456789", got(read(() -> r.readExactlyAsync(10))));
    }

    @Test
    void readCancelledAfterItsDataArrivedButBeforeItWasServedLosesNoByte() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        CompletableFuture<byte[]> line = read(r::readLineAsync);
        inIteration(loop, () -> {
            r.feedData(bytes("line\n")); // its serve() is queued for the next iteration
            line.cancel(false);
            return null;
        });
        runOneIteration(loop);
        assertTrue(line.isCancelled());
        assertEquals("value:line\n", got(read(r::readLineAsync)));
    }

    @Test
    void readFromAnotherThreadIsPostedToTheLoop() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        feed(r, "hello");
        CompletableFuture<byte[]> f = r.readAsync(100); // this thread does not run the loop now
        assertEquals("pending", got(f));
        runOneIteration(loop);
        assertEquals("value:hello", got(f));
    }

    @Test
    void sourcePausesAboveTwiceTheLimitAndResumesAtTheLimit() {
        StreamReader r = reader(10);
        feed(r, "0123456789");
        feed(r, "0123456789");
        assertEquals(List.of(), sourceCalls, "20 bytes: not above twice the limit");
        feed(r, "X");
        assertEquals(List.of("pause"), sourceCalls);
        assertEquals("value:0123456789", got(read(() -> r.readAsync(10))));
        assertEquals(List.of("pause"), sourceCalls, "11 bytes left: still above the limit");
        assertEquals("value:0", got(read(() -> r.readAsync(1))));
        assertEquals(List.of("pause", "resume"), sourceCalls);
        assertEquals("value:123456789X", got(read(() -> r.readAsync(100))));
    }

    @Test
    void readThatMustWaitResumesAPausedSource() {
        StreamReader r = reader(2);
        feed(r, "01234");
        assertEquals(List.of("pause"), sourceCalls);
        CompletableFuture<byte[]> eight = read(() -> r.readExactlyAsync(8));
        assertEquals(List.of("pause", "resume"), sourceCalls);
        feed(r, "567");
        runOneIteration(loop);
        assertEquals("value:01234567", got(eight));
    }

    @Test
    void unreadPutsReturnedBytesBackAtTheFrontAndWakesAWaitingRead() {
        StreamReader r = reader(StreamReader.DEFAULT_LIMIT);
        feed(r, "abcdef");
        byte[] taken = read(() -> r.readAsync(3)).join();
        CompletableFuture<byte[]> all = read(() -> r.readExactlyAsync(6));
        assertEquals("pending", got(all), "3 bytes left");
        WaiterSpi.unread(r, taken); // this thread does not run the loop now: posted
        runOneIteration(loop);
        runOneIteration(loop);
        assertEquals("value:abcdef", got(all));
        feed(r, "xyz");
        inIteration(loop, () -> {
            r.unread(bytes("0123456789")); // more than the room before head: the buffer grows
            return null;
        });
        assertEquals("value:0123456789xyz", got(read(() -> r.readAsync(100))));
    }

    @Test
    void toStringShowsBufferAndState() {
        StreamReader r = reader(8);
        feed(r, "abc");
        feedEof(r);
        assertEquals("StreamReader[limit=8, 3 bytes, eof]", r.toString());
    }
}
