package dev.asyncio4j.redis;

import com.sun.net.httpserver.HttpServer;
import dev.asyncio4j.AsyncSemaphore;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo of "Beyond one JVM": three JVM processes fetch pages from this demo's HTTP server under
 * one {@code RedisPrimitives.semaphore("fetch", 8)}. The server counts the requests in flight, all
 * processes together; the summary shows the highest count (at most 8) and what each fetched.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl redis -am test -Dtest=FetchDemoTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (it prints the summary), or {@code java -cp <test classpath> dev.asyncio4j.redis.FetchDemo}.
 */
public final class FetchDemo {
    static final int PROCESSES = 3, PAGES_EACH = 20, PERMITS = 8;

    /** What the demo saw. */
    record Summary(int highestInFlight, List<String> fetchedBy) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Summary summary = run();
        System.out.println("highest concurrency seen by the server, all processes together: "
                + summary.highestInFlight() + " (limit " + PERMITS + ")");
        summary.fetchedBy().forEach(System.out::println);
    }

    /** Starts Redis, the HTTP server and the worker processes; returns once they are done. */
    static Summary run() throws Exception {
        AtomicInteger inFlight = new AtomicInteger(), highest = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/page/", exchange -> {
            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20); // a slow upstream: requests overlap
                byte[] body = ("page " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        http.start();
        List<Process> workers = new ArrayList<>();
        try (RedisServerExtension.Server redis = RedisServerExtension.start()) {
            for (int id = 0; id < PROCESSES; id++) {
                workers.add(new ProcessBuilder(
                        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                        "-cp", System.getProperty("java.class.path"), FetchDemo.class.getName(),
                        "worker", redis.uri(), String.valueOf(http.getAddress().getPort()), String.valueOf(id))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            List<String> fetched = new ArrayList<>();
            for (Process p : workers) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line = r.readLine();
                    fetched.add(line == null ? "a worker said nothing" : line);
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("a worker did not finish");
            }
            return new Summary(highest.get(), fetched);
        } finally {
            workers.forEach(Process::destroyForcibly);
            http.stop(0);
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
    }

    /** One process: fetches its pages all at once, at most 8 in flight across every process. */
    static void worker(String redisUri, int httpPort, int id) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (RedisPrimitives redis = RedisPrimitives.connect(redisUri)) {
            AsyncSemaphore fetch = redis.semaphore("fetch", PERMITS);
            List<CompletableFuture<String>> pages = new ArrayList<>();
            for (int i = 0; i < PAGES_EACH; i++) {
                URI page = URI.create("http://127.0.0.1:" + httpPort + "/page/" + (id * PAGES_EACH + i));
                pages.add(fetch.withPermitAsync(() -> client.sendAsync(HttpRequest.newBuilder(page).build(),
                        HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body)));
            }
            CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.println("worker " + id + " (pid " + ProcessHandle.current().pid() + ") fetched " + pages.size()
                    + " pages: " + pages.get(0).join() + " .. " + pages.get(pages.size() - 1).join());
        }
    }
}
