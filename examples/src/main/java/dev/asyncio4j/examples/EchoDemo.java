package dev.asyncio4j.examples;

import static dev.asyncio4j.examples.Coroutines.done;
import static dev.asyncio4j.examples.Coroutines.repeat;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Server;
import dev.asyncio4j.StreamReader;
import dev.asyncio4j.StreamWriter;
import dev.asyncio4j.Task;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo service on one loop: a {@link Asyncio#startServer} server on 127.0.0.1 that writes back
 * what it reads, and clients that each open a connection and make request/response round trips of
 * 100 bytes, then print a summary. The Python equivalent is asyncio's streams echo example.
 *
 * <p>{@code mvn -B -ntp -q -pl examples -am compile exec:java -Dexec.args="echo --clients 100 --round-trips 1000"}
 */
public final class EchoDemo {
    /** The size of one request, and of its echo. */
    static final int MESSAGE = 100;

    private EchoDemo() {
    }

    /** What a run did. */
    public record Summary(int connections, long bytes, long roundTrips, long nanos) {
        /** Round trips per second of wall time. */
        public double roundTripsPerSecond() {
            return roundTrips * 1e9 / Math.max(1, nanos);
        }

        /** The summary as printed. */
        public List<String> lines() {
            return List.of(
                    "connections: " + connections,
                    "bytes echoed: " + bytes,
                    "round trips: " + roundTrips,
                    String.format("round trips/s: %.0f", roundTripsPerSecond()));
        }
    }

    /** {@code echo [--clients N] [--round-trips N]} from the demo's command line. */
    static void main(List<String> args, PrintStream out) {
        int clients = 100, roundTrips = 1000;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--clients" -> clients = Integer.parseInt(args.get(i + 1));
                case "--round-trips" -> roundTrips = Integer.parseInt(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        out.println("echo: a startServer echo server on 127.0.0.1, " + clients + " clients, "
                + roundTrips + " round trips of " + MESSAGE + " bytes each");
        run(clients, roundTrips).lines().forEach(out::println);
    }

    /** Runs the server and {@code clients} clients of {@code roundTrips} round trips each, on a new loop. */
    public static Summary run(int clients, int roundTrips) {
        return Asyncio.run(() -> Asyncio.startServer(EchoDemo::echo, "127.0.0.1", 0).thenCompose(server -> {
            int port = ((InetSocketAddress) server.sockets().get(0)).getPort();
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) all.add(Asyncio.createTask(() -> client(port, roundTrips, bytes)));
            return Asyncio.gather(all).thenCompose(ok -> {
                long nanos = System.nanoTime() - start;
                return closed(server).thenApply(v -> new Summary(clients, bytes.get(), (long) clients * roundTrips, nanos));
            });
        }));
    }

    /** The server's side of one connection: writes back whatever arrives, until EOF. */
    static CompletionStage<Void> echo(StreamReader reader, StreamWriter writer) {
        return repeat(() -> reader.readAsync(64 * 1024).thenCompose(data -> {
            if (data.length == 0) return CompletableFuture.completedFuture(false);
            writer.write(data);
            return writer.drainAsync().thenApply(v -> true);
        })).whenComplete((v, e) -> writer.close());
    }

    /** One client: {@code roundTrips} requests, each awaiting its whole echo, then close. */
    private static CompletionStage<Void> client(int port, int roundTrips, AtomicLong bytes) {
        byte[] request = new byte[MESSAGE];
        return Asyncio.openConnection("127.0.0.1", port).thenCompose(c -> {
            int[] left = {roundTrips};
            return repeat(() -> {
                if (left[0]-- == 0) return CompletableFuture.completedFuture(false);
                c.writer().write(request);
                return c.writer().drainAsync()
                        .thenCompose(v -> c.reader().readExactlyAsync(MESSAGE))
                        .thenApply(reply -> {
                            bytes.addAndGet(reply.length);
                            return true;
                        });
            }).thenCompose(v -> {
                c.writer().close();
                return c.writer().waitClosedAsync();
            });
        });
    }

    private static CompletionStage<Void> closed(Server server) {
        server.close();
        return server.waitClosedAsync().thenCompose(v -> done());
    }
}
