package dev.asyncio4j.examples.service;

import dev.asyncio4j.Asyncio;
import dev.asyncio4j.Event;
import dev.asyncio4j.EventLoop;
import dev.asyncio4j.Queue;
import dev.asyncio4j.Semaphore;
import dev.asyncio4j.Task;
import dev.asyncio4j.TaskGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The mixed-language service demo. On one event loop (real clock):
 * <ul>
 *   <li>a {@link TaskGroup} owns every lifetime: a fetch task per page (Java, {@link Fetcher}) and
 *       the aggregation (Kotlin coroutines on the loop dispatcher, {@link Aggregator});</li>
 *   <li>fetch tasks put each {@link PageResult} on a bounded asyncio4j {@link Queue}; Kotlin
 *       consumers take them off it;</li>
 *   <li>once every fetch is done and every result consumed ({@code joinAsync}), an {@link Event}
 *       tells the Kotlin side to shut the queue down and draw the last progress line.</li>
 * </ul>
 * Only loopback traffic, to a server of its own ({@link PageServer}), bounded in count and time.
 */
public final class ServiceDemo {
    private ServiceDemo() {
    }

    /** --pages, --limit, --timeout (seconds), --seed. */
    public record Options(int pages, int limit, Duration timeout, long seed) {
        public static final Options DEFAULT = new Options(300, 16, Duration.ofMillis(800), 42);

        public Options {
            if (pages < 1 || pages > 100_000) throw new IllegalArgumentException("--pages must be 1..100000");
            if (limit < 1 || limit > 1_000) throw new IllegalArgumentException("--limit must be 1..1000");
            if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 60) throw new IllegalArgumentException("--timeout must be in (0, 60] seconds");
        }

        /** The defaults, changed by {@code --pages N}, {@code --limit N}, {@code --timeout SECONDS}, {@code --seed N}. */
        public static Options parse(List<String> args) {
            Options o = DEFAULT;
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (i + 1 == args.size()) throw new IllegalArgumentException(option + " needs a value");
                String value = args.get(++i);
                o = switch (option) {
                    case "--pages" -> new Options(Integer.parseInt(value), o.limit, o.timeout, o.seed);
                    case "--limit" -> new Options(o.pages, Integer.parseInt(value), o.timeout, o.seed);
                    case "--timeout" -> new Options(o.pages, o.limit, Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)), o.seed);
                    case "--seed" -> new Options(o.pages, o.limit, o.timeout, Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                };
            }
            return o;
        }
    }

    /**
     * Runs the demo and returns its summary. {@code progress}, if not null, receives the progress:
     * a line redrawn in place if the JVM has a console (a terminal), else a line per tenth of the
     * pages ({@link ProgressLine}).
     */
    public static Summary run(Options options, PrintStream progress) throws IOException {
        ExecutorService clientThreads = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "demo-http-client");
            thread.setDaemon(true);
            return thread;
        });
        // Slow pages take three timeouts: they time out.
        try (PageServer server = PageServer.start(options.seed(), options.timeout().multipliedBy(3))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
            return Asyncio.run(new EventLoop(), () -> {
                long start = EventLoop.running().time();
                Semaphore limit = new Semaphore(options.limit());
                Queue<PageResult> results = new Queue<>(options.limit());
                Event shutdown = new Event();
                Fetcher fetcher = new Fetcher(client, server, limit, options.timeout());
                Aggregator aggregator = new Aggregator(fetcher::inFlight,
                        // JDK 17: a console exists when standard input and output are both a terminal
                        progress == null ? null : new ProgressLine(progress, System.console() != null, options.pages()));
                return TaskGroup.run(tg -> {
                    Task<Stats> aggregation = tg.createTask("aggregate",
                            // wrapFuture: the Kotlin future becomes this task's await point, so cancelling the task cancels the coroutines
                            () -> Asyncio.wrapFuture(aggregator.start(results, shutdown)));
                    List<Task<Void>> fetches = new ArrayList<>();
                    for (int page = 1; page <= options.pages(); page++) {
                        int p = page;
                        fetches.add(tg.createTask("fetch-" + p, () -> fetcher.fetch(p).thenCompose(results::putAsync)));
                    }
                    return Asyncio.gather(fetches)
                            .thenCompose(all -> results.joinAsync())
                            .thenCompose(consumed -> {
                                shutdown.set();
                                return aggregation;
                            });
                }).thenApply(stats -> new Summary(options, stats, fetcher.maxInFlight(),
                        Duration.ofNanos(EventLoop.running().time() - start)));
            });
        } finally {
            clientThreads.shutdownNow();
        }
    }
}
