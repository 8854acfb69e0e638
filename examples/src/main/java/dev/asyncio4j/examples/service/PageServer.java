package dev.asyncio4j.examples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service the demo talks to: the JDK's built-in HTTP server on 127.0.0.1, an ephemeral port,
 * serving {@code /page/N} as a small synthetic page after a latency drawn for that page. No
 * thread sleeps per request: the handler returns at once and one scheduler thread writes each
 * response when its latency is up. What a page does is fixed by the seed and the page number
 * ({@link #plan}), so a test knows which pages are slow or fail.
 */
public final class PageServer implements AutoCloseable {

    /** What the server does for one page: answer after {@code latency}, with {@code status}. */
    public record Plan(Duration latency, int status) {
    }

    private final HttpServer server;
    private final ScheduledExecutorService responder;
    private final long seed;
    private final Duration slow;

    private PageServer(HttpServer server, ScheduledExecutorService responder, long seed, Duration slow) {
        this.server = server;
        this.responder = responder;
        this.seed = seed;
        this.slow = slow;
    }

    /**
     * Starts a server. Most pages take 5 to 150 ms, one in ten 150 to 400 ms, one in twenty
     * {@code slow} (longer than the client waits); about one in fifteen answers HTTP 500 or 503.
     */
    public static PageServer start(long seed, Duration slow) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ScheduledExecutorService responder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "page-server-responder");
            thread.setDaemon(true);
            return thread;
        });
        PageServer pages = new PageServer(server, responder, seed, slow);
        server.createContext("/page/", pages::handle);
        server.start();
        return pages;
    }

    /** The page's plan; the same for the same seed and page. */
    public static Plan plan(long seed, int page, Duration slow) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + page);
        double kind = random.nextDouble();
        Duration latency = kind < 0.05 ? slow
                : kind < 0.15 ? Duration.ofMillis(random.nextLong(150, 400))
                : Duration.ofMillis(random.nextLong(5, 150));
        double error = random.nextDouble();
        int status = error < 0.04 ? 500 : error < 0.07 ? 503 : 200;
        return new Plan(latency, status);
    }

    /** {@code http://127.0.0.1:PORT/page/N}. */
    public URI uri(int page) {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/page/" + page);
    }

    private void handle(HttpExchange exchange) {
        int page;
        try {
            page = Integer.parseInt(exchange.getRequestURI().getPath().substring("/page/".length()));
        } catch (NumberFormatException e) {
            respond(exchange, 404, "no such page");
            return;
        }
        Plan plan = plan(seed, page, slow);
        String body = plan.status() == 200
                ? "<html><body><h1>Page " + page + "</h1><p>served after " + plan.latency().toMillis() + " ms</p></body></html>"
                : "unavailable";
        responder.schedule(() -> respond(exchange, plan.status(), body), plan.latency().toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void respond(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException gone) {
            // The client gave up (timed out) and closed the connection: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    /** Stops at once: pending responses are dropped. */
    @Override
    public void close() {
        responder.shutdownNow();
        server.stop(0);
    }
}
