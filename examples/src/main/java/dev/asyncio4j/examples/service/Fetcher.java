package dev.asyncio4j.examples.service;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.EventLoop;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.examples.service.PageResult.Outcome;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The Java side of the service demo: one page at a time through {@code java.net.http.HttpClient},
 * at most {@code limit} at once (an asyncio4j {@link Semaphore}), each under a
 * {@link Asyncio#waitFor} timeout. Runs on the loop thread; the client's own threads only deliver
 * responses, which {@link Asyncio#wrapFuture} brings back onto the loop.
 */
public final class Fetcher {
    private final HttpClient client;
    private final PageServer server;
    private final Semaphore limit;
    private final Duration timeout;
    // Touched on the loop thread only.
    private int inFlight;
    private int maxInFlight;

    public Fetcher(HttpClient client, PageServer server, Semaphore limit, Duration timeout) {
        this.client = client;
        this.server = server;
        this.limit = limit;
        this.timeout = timeout;
    }

    /** Requests in flight now (between holding a permit and having the outcome). */
    public int inFlight() {
        return inFlight;
    }

    /** The most requests ever in flight at once: never above the semaphore's limit. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Fetches one page; never fails: errors and timeouts are outcomes. */
    public CompletableFuture<PageResult> fetch(int page) {
        return limit.withPermitAsync(() -> {
            EventLoop loop = EventLoop.running();
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            long start = loop.time();
            HttpRequest request = HttpRequest.newBuilder(server.uri(page)).timeout(timeout.multipliedBy(2)).GET().build();
            CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            return Asyncio.waitFor(Asyncio.wrapFuture(sent), timeout).handle((response, error) -> {
                inFlight--;
                long latency = loop.time() - start;
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof TimeoutException) { // waitFor cancelled the request: wrapFuture passes that on to sent
                    return new PageResult(page, Outcome.TIMED_OUT, latency, "no answer within " + timeout.toMillis() + " ms");
                }
                if (cause != null) return new PageResult(page, Outcome.FAILED, latency, cause.toString());
                if (response.statusCode() != 200) return new PageResult(page, Outcome.FAILED, latency, "HTTP " + response.statusCode());
                return new PageResult(page, Outcome.FETCHED, latency, response.body().length() + " bytes");
            });
        });
    }
}
