package dev.asyncio4j;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "I/O on the loop" streams over real sockets on 127.0.0.1 (asyncio's test_streams.py rules): a loop
 * started on its own thread, servers on port 0. The test thread calls the streams directly (their
 * methods may be called from any thread) and waits on their futures with a bound.
 */
class SocketStreamsTest {

    private static final String HOST = "127.0.0.1";
    private static final long PATIENCE_SECONDS = 10;

    private final EventLoop loop = new EventLoop().start();
    private final List<Server> servers = new ArrayList<>();
    private final List<Throwable> loopErrors = new CopyOnWriteArrayList<>();

    SocketStreamsTest() {
        loop.setExceptionHandler((l, e) -> loopErrors.add(e));
    }

    @AfterEach
    void closeEverything() {
        for (Server s : servers) s.close();
        loop.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Runs {@code start} on the loop's thread and waits, bounded, for the future it returns. */
    private <T> T onLoop(Supplier<CompletableFuture<T>> start) throws Exception {
        CompletableFuture<T> f = loop.submit(start::get).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        return await(f);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + PATIENCE_SECONDS + " s in vain for " + f, e);
        }
    }

    /** The failure of {@code f}, unwrapped; fails the test if it succeeds. */
    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            await(f);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
        throw new AssertionError("completed normally: " + f);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) fail("condition not met within " + PATIENCE_SECONDS + " s");
            Thread.sleep(1);
        }
    }

    private Server server(BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> handler) throws Exception {
        Server s = onLoop(() -> Asyncio.startServer(handler, HOST, 0));
        servers.add(s);
        return s;
    }

    private static int port(Server s) {
        return ((InetSocketAddress) s.sockets().get(0)).getPort();
    }

    private Connection connect(Server s) throws Exception {
        return onLoop(() -> Asyncio.openConnection(HOST, port(s)));
    }

    private Connection connect(Server s, int limit) throws Exception {
        return onLoop(() -> Asyncio.openConnection(HOST, port(s), limit));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, US_ASCII);
    }

    /** A handler that writes {@code data}, then closes. */
    private static BiFunction<StreamReader, StreamWriter, CompletionStage<?>> sendsThenCloses(String data) {
        return (r, w) -> {
            w.write(bytes(data));
            return w.drainAsync().whenComplete((v, e) -> w.close());
        };
    }

    /** Echoes line by line until EOF, then closes. */
    static CompletionStage<Void> echoLines(StreamReader r, StreamWriter w) {
        return r.readLineAsync().thenCompose(line -> {
            if (line.length == 0) {
                w.close();
                return w.waitClosedAsync();
            }
            w.write(line);
            return w.drainAsync().thenCompose(v -> echoLines(r, w));
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    @Test
    void readLineReturnsEachLineThenThePartialLastLineThenEmpty() throws Exception {
        Server s = server(sendsThenCloses("one\ntwo"));
        Connection c = connect(s);
        assertEquals("one\n", text(await(c.reader().readLineAsync())));
        assertEquals("two", text(await(c.reader().readLineAsync())));
        assertEquals("", text(await(c.reader().readLineAsync())));
        assertTrue(c.reader().atEof());
    }

    @Test
    void readUntilFindsAMultiByteSeparatorSplitAcrossReads() throws Exception {
        Server s = server((r, w) -> {
            w.write(bytes("head\r\n"));
            return r.readLineAsync().thenCompose(go -> { // the rest only once the client saw the first part
                w.write(bytes("\r\nbody"));
                return w.drainAsync();
            }).whenComplete((v, e) -> w.close());
        });
        Connection c = connect(s);
        CompletableFuture<byte[]> header = c.reader().readUntilAsync(bytes("\r\n\r\n"));
        waitUntil(() -> c.reader().bufferedBytes() == 6);
        assertFalse(header.isDone(), "half the separator is no separator");
        c.writer().write(bytes("go\n"));
        assertEquals("head\r\n\r\n", text(await(header)));
        assertEquals("body", text(await(c.reader().readAsync(-1))));
    }

    @Test
    void readExactlyAtEofFailsWithThePartialBytes() throws Exception {
        Server s = server(sendsThenCloses("abc"));
        Connection c = connect(s);
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failureOf(c.reader().readExactlyAsync(5)));
        assertArrayEquals(bytes("abc"), e.partial());
        assertEquals(5, e.expected());
    }

    @Test
    void lineLongerThanTheLimitFailsAndTheReaderStaysUsable() throws Exception {
        String longLine = "x".repeat(40) + "\n";
        Server s = server(sendsThenCloses(longLine + "short\n"));
        Connection c = connect(s, 16);
        waitUntil(() -> c.reader().bufferedBytes() == longLine.length() + 6); // all in: the drop is to the separator
        assertInstanceOf(LimitOverrunException.class, failureOf(c.reader().readLineAsync()));
        assertEquals("short\n", text(await(c.reader().readLineAsync())));
    }

    @Test
    void cancellingAReadLosesNoByte() throws Exception {
        Server s = server((r, w) -> {
            w.write(bytes("01234"));
            return r.readLineAsync().thenCompose(go -> {
                w.write(bytes("56789"));
                return w.drainAsync();
            });
        });
        Connection c = connect(s);
        CompletableFuture<byte[]> ten = c.reader().readExactlyAsync(10);
        waitUntil(() -> c.reader().bufferedBytes() == 5);
        assertTrue(ten.cancel(false));
        c.writer().write(bytes("go\n"));
        assertEquals("0123456789", text(await(c.reader().readExactlyAsync(10))));
    }

    @Test
    void readingPausesAboveTheLimitAndEveryByteStillArrives() throws Exception {
        int total = 1 << 20;
        byte[] data = new byte[total];
        for (int i = 0; i < total; i++) data[i] = (byte) i;
        Server s = server((r, w) -> {
            w.write(data);
            return w.drainAsync().whenComplete((v, e) -> w.close());
        });
        int limit = 1024;
        Connection c = connect(s, limit);
        waitUntil(() -> c.reader().bufferedBytes() > 2 * limit);
        assertTrue(loop.submit(() -> c.reader().toString()).get(PATIENCE_SECONDS, TimeUnit.SECONDS).contains("paused"));
        assertTrue(c.reader().bufferedBytes() < total, "the socket is not read while the reader is full");
        byte[] got = await(c.reader().readAsync(-1));
        assertArrayEquals(data, got);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    @Test
    void largeWritesBufferAndDrainWaitsUntilThePeerTookThem() throws Exception {
        int total = 8 << 20;
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Server s = server((r, w) -> r.readAsync(-1).whenComplete((b, e) -> {
            if (e != null) received.completeExceptionally(e);
            else received.complete(b);
            w.close();
        }));
        Connection c = connect(s);
        byte[] data = new byte[total];
        data[total - 1] = 42;
        c.writer().write(data);
        await(c.writer().drainAsync());
        c.writer().writeEof();
        byte[] got = await(received);
        assertEquals(total, got.length);
        assertEquals(42, got[total - 1]);
    }

    @Test
    void drainFailsWithIOExceptionOnceThePeerIsGone() throws Exception {
        Server s = server((r, w) -> {
            w.close();
            return w.waitClosedAsync();
        });
        Connection c = connect(s);
        assertEquals(0, await(c.reader().readAsync(-1)).length, "the server closed");
        byte[] chunk = new byte[128 * 1024];
        for (int i = 0; i < 1000; i++) {
            c.writer().write(chunk); // never throws
            try {
                await(c.writer().drainAsync());
            } catch (ExecutionException e) {
                assertInstanceOf(IOException.class, e.getCause());
                assertTrue(c.writer().isClosing());
                return;
            }
        }
        fail("drain never failed after the peer had gone");
    }

    @Test
    void peerAddressIsTheServersAddress() throws Exception {
        Server s = server(sendsThenCloses(""));
        Connection c = connect(s);
        assertEquals(s.sockets().get(0), c.writer().peerAddress());
    }

    @Test
    void closingTheWriterEndsTheConnectionAndWaitClosedCompletes() throws Exception {
        Server s = server(SocketStreamsTest::echoLines);
        Connection c = connect(s);
        c.writer().write(bytes("ping\n"));
        assertEquals("ping\n", text(await(c.reader().readLineAsync())));
        c.writer().close();
        assertTrue(c.writer().isClosing());
        await(c.writer().waitClosedAsync());
        assertEquals(0, await(c.reader().readAsync(-1)).length);
    }

    // ---------------------------------------------------------------------------------------------
    // Connecting and serving

    @Test
    void connectingToAClosedPortFailsWithTheJdksConnectException() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(HOST, 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        CompletableFuture<Connection> c = loop.submit(() -> Asyncio.openConnection(HOST, port)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(ConnectException.class, failureOf(c));
    }

    @Test
    void aClosedServerRefusesNewConnectionsWhileAcceptedOnesGoOn() throws Exception {
        Server s = server(SocketStreamsTest::echoLines);
        int port = port(s);
        Connection c = connect(s);
        c.writer().write(bytes("before\n"));
        assertEquals("before\n", text(await(c.reader().readLineAsync())));
        s.close();
        assertFalse(s.isServing());
        assertTrue(s.sockets().isEmpty());
        CompletableFuture<Void> closed = s.waitClosedAsync();
        c.writer().write(bytes("after\n"));
        assertEquals("after\n", text(await(c.reader().readLineAsync())), "an accepted connection goes on");
        CompletableFuture<Connection> refused = loop.submit(() -> Asyncio.openConnection(HOST, port)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(ConnectException.class, failureOf(refused));
        assertFalse(closed.isDone(), "a connection is still open");
        c.writer().close();
        await(closed);
    }

    @Test
    void thousandConcurrentConnectionsOnOneLoop() throws Exception {
        Server s = server(SocketStreamsTest::echoLines);
        int n = 1000;
        List<CompletableFuture<Connection>> connecting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            connecting.add(loop.submit(() -> Asyncio.openConnection(HOST, port(s))).get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        }
        List<Connection> all = new ArrayList<>();
        for (CompletableFuture<Connection> f : connecting) all.add(await(f)); // all open at once
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.get(i).writer().write(bytes("client " + i + "\n"));
            replies.add(all.get(i).reader().readLineAsync());
        }
        for (int i = 0; i < n; i++) assertEquals("client " + i + "\n", text(await(replies.get(i))));
        for (Connection c : all) c.writer().close();
        s.close();
        await(s.waitClosedAsync());
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    @Test
    void cancellingServeForeverClosesTheServer() throws Exception {
        Server s = server(SocketStreamsTest::echoLines);
        CompletableFuture<Void> forever = s.serveForeverAsync();
        assertTrue(forever.cancel(false));
        waitUntil(() -> !s.isServing());
        await(s.waitClosedAsync());
    }

    @Test
    void closeEndsServeForeverWithCancellation() throws Exception {
        Server s = server(SocketStreamsTest::echoLines);
        CompletableFuture<Void> forever = s.serveForeverAsync();
        assertInstanceOf(IllegalStateException.class, failureOf(s.serveForeverAsync()), "one serveForever at a time");
        s.close();
        assertInstanceOf(CancellationException.class, failureOf(forever));
        assertInstanceOf(IllegalStateException.class, failureOf(s.serveForeverAsync()), "closed");
    }

    @Test
    void aFailingHandlerIsReportedAndItsConnectionClosed() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Server s = server((r, w) -> CompletableFuture.failedFuture(boom));
        Connection c = connect(s);
        assertEquals(0, await(c.reader().readAsync(-1)).length, "the server closed the connection");
        waitUntil(() -> !loopErrors.isEmpty());
        assertEquals(boom, loopErrors.get(0));
        assertNotNull(s.toString());
    }
}
