package dev.asyncio4j.benchmarks;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Connection;
import dev.asyncio4j.Server;
import dev.asyncio4j.StreamReader;
import dev.asyncio4j.StreamWriter;
import dev.asyncio4j.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Echo over TCP on 127.0.0.1 (issue 14's speed target): N clients each make request/response round
 * trips of 100 bytes through one echo server, all on one thread. One invocation starts the server,
 * connects the clients, makes {@value #ROUND_TRIPS} round trips in all and closes everything; the
 * score is round trips per second. N = 1 and 100.
 *
 * <ul>
 *   <li>{@code asyncio4jJava}: {@code Asyncio.startServer}/{@code openConnection} on one loop;</li>
 *   <li>{@code nioSelectorFloor}: not a system, the floor: the same exchange on a bare JDK
 *       {@link Selector}, with no streams, futures or tasks;</li>
 *   <li>CPython asyncio streams (and uvloop where installed): {@code benchmarks/cpython/echo.py}.</li>
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar EchoBenchmark} after
 * {@code mvn -B -ntp -q -pl benchmarks -am package -DskipTests}, and
 * {@code (cd benchmarks/cpython && python3 echo.py)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EchoBenchmark.ROUND_TRIPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EchoBenchmark {
    /** Round trips per invocation, shared among the clients. */
    public static final int ROUND_TRIPS = 20_000;
    static final int MESSAGE = 100;
    private static final String HOST = "127.0.0.1";

    @Param({"1", "100"})
    public int clients;

    @Benchmark
    public long asyncio4jJava() {
        return LoopEcho.run(clients, ROUND_TRIPS / clients);
    }

    @Benchmark
    public long nioSelectorFloor() throws IOException {
        return SelectorEcho.run(clients, ROUND_TRIPS / clients);
    }

    /** Fails the benchmark if a run did not make every round trip. */
    static long check(long done, int clients, int perClient) {
        if (done != (long) clients * perClient) throw new IllegalStateException("round trips: " + done + " of " + (long) clients * perClient);
        return done;
    }

    /** The asyncio4j program: a server task per connection, a client task per client. */
    static final class LoopEcho {
        private final int perClient;
        private long roundTrips;

        private LoopEcho(int perClient) {
            this.perClient = perClient;
        }

        static long run(int clients, int perClient) {
            LoopEcho echo = new LoopEcho(perClient);
            Asyncio.run(() -> Asyncio.startServer(LoopEcho::serve, HOST, 0).thenCompose(server -> {
                int port = ((InetSocketAddress) server.sockets().get(0)).getPort();
                List<Task<Void>> tasks = new ArrayList<>(clients);
                for (int i = 0; i < clients; i++) tasks.add(Asyncio.createTask(() -> echo.client(port)));
                return Asyncio.gather(tasks).thenCompose(done -> echo.stop(server));
            }));
            return check(echo.roundTrips, clients, perClient);
        }

        private CompletionStage<Void> stop(Server server) {
            server.close();
            return server.waitClosedAsync();
        }

        /** The server side: reads what is there and writes it back, until EOF. */
        static CompletionStage<Void> serve(StreamReader reader, StreamWriter writer) {
            return reader.readAsync(65_536).thenCompose(data -> {
                if (data.length == 0) {
                    writer.close();
                    return CompletableFuture.completedFuture(null);
                }
                writer.write(data);
                return writer.drainAsync().thenCompose(v -> serve(reader, writer));
            });
        }

        private CompletionStage<Void> client(int port) {
            return Asyncio.openConnection(HOST, port).thenCompose(c -> exchange(c, new byte[MESSAGE], perClient));
        }

        private CompletionStage<Void> exchange(Connection c, byte[] request, int left) {
            if (left == 0) {
                c.writer().close();
                return c.writer().waitClosedAsync();
            }
            c.writer().write(request);
            return c.reader().readExactlyAsync(MESSAGE).thenCompose(reply -> {
                roundTrips++; // one loop thread
                return exchange(c, request, left - 1);
            });
        }
    }

    /** The floor: one thread, one selector, the server's connections and the clients on it. */
    static final class SelectorEcho {
        /** A client's state: round trips left, bytes of the current echo received. */
        private static final class Client {
            int left;
            int received;

            Client(int left) {
                this.left = left;
            }
        }

        static long run(int clients, int perClient) throws IOException {
            long done = 0;
            List<SocketChannel> channels = new ArrayList<>();
            try (Selector selector = Selector.open(); ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(HOST, 0), 1024);
                listener.configureBlocking(false);
                listener.register(selector, SelectionKey.OP_ACCEPT);
                ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE);
                ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
                for (int i = 0; i < clients; i++) {
                    SocketChannel c = SocketChannel.open(listener.getLocalAddress()); // the backlog holds it until accepted
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.configureBlocking(false);
                    c.register(selector, SelectionKey.OP_READ, new Client(perClient));
                    channels.add(c);
                    writeAll(c, request.clear());
                }
                long total = (long) clients * perClient;
                while (done < total) {
                    selector.select();
                    for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (key.isAcceptable()) {
                            SocketChannel s;
                            while ((s = listener.accept()) != null) {
                                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                                s.configureBlocking(false);
                                s.register(selector, SelectionKey.OP_READ);
                                channels.add(s);
                            }
                            continue;
                        }
                        SocketChannel ch = (SocketChannel) key.channel();
                        int n = ch.read(buffer.clear());
                        if (n <= 0) continue;
                        if (!(key.attachment() instanceof Client client)) {
                            writeAll(ch, buffer.flip()); // the server echoes
                            continue;
                        }
                        client.received += n;
                        while (client.received >= MESSAGE) {
                            client.received -= MESSAGE;
                            done++;
                            if (--client.left > 0) writeAll(ch, request.clear());
                        }
                    }
                }
            } finally {
                for (SocketChannel c : channels) c.close();
            }
            return check(done, clients, perClient);
        }

        /** 100-byte messages always fit a socket's send buffer: this never spins in practice. */
        private static void writeAll(SocketChannel c, ByteBuffer data) {
            try {
                while (data.hasRemaining()) c.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
