package dev.asyncio4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * A listening TCP server: each accepted client runs the handler as a {@link Task} with its own
 * {@link StreamReader} and {@link StreamWriter}. asyncio: {@code asyncio.Server}, made by
 * {@link Asyncio#startServer}.
 *
 * <pre>{@code
 * Server server = Asyncio.startServer((reader, writer) -> reader.readLineAsync().thenCompose(line -> {
 *     writer.write(line);
 *     return writer.drainAsync();
 * }).whenComplete((v, e) -> writer.close()), "127.0.0.1", 0).join();   // inside a task: compose instead
 * }</pre>
 *
 * <h2>States</h2>
 * Serving (listening from the start, asyncio's {@code start_serving=True}), then closed:
 * {@link #close()} stops listening, and from then on new connections are refused, while the
 * connections already accepted go on. {@link #waitClosedAsync()} completes once the server is
 * closed and every connection it accepted has closed (asyncio 3.12+). A handler whose task fails
 * or is cancelled has its connection closed, and a failure goes to the loop's exception handler
 * (asyncio 3.12+); a handler that completes normally leaves the connection to itself.
 *
 * <h2>Cancellation</h2>
 * {@code waitClosedAsync} and {@code serveForeverAsync} are simple waits: {@code cancel()}
 * completes the future at once. Cancelling {@code serveForeverAsync} closes the server, as
 * asyncio's {@code serve_forever} does when its task is cancelled.
 *
 * <h2>Threads</h2>
 * A server belongs to the loop that made it. Its methods may be called from any thread: from
 * another thread, {@code close()} and the waits are posted to the loop; futures complete on the loop.
 *
 * <h2>asyncio differs</h2>
 * <ul>
 *   <li>It listens on one address: the first the host resolves to (asyncio binds every address
 *       of the host). A null host is the wildcard address.</li>
 *   <li>{@code close()} ends a pending {@code serveForeverAsync} with {@link CancellationException},
 *       as asyncio cancels {@code serve_forever}.</li>
 * </ul>
 */
public final class Server implements AutoCloseable {
    /** asyncio's default {@code backlog}: also how many connections one readable event accepts at most. */
    private static final int BACKLOG = 100;

    private final EventLoop loop;
    private final BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> clientConnected;
    private final int limit;
    private final ServerSocketChannel channel;
    private final SocketAddress address;

    private volatile boolean serving = true;
    // Loop thread only:
    private int connections;
    private final List<LibraryFuture<Void>> closeWaiters = new ArrayList<>();
    private LibraryFuture<Void> servingForever;

    private Server(EventLoop loop, BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> clientConnected,
            int limit, ServerSocketChannel channel) throws IOException {
        this.loop = loop;
        this.clientConnected = clientConnected;
        this.limit = limit;
        this.channel = channel;
        this.address = channel.getLocalAddress();
    }

    /** {@link Asyncio#startServer}: binds, listens and accepts from now on; loop thread. */
    static CompletableFuture<Server> start(EventLoop loop, BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> clientConnected,
            String host, int port, int limit) {
        if (clientConnected == null) return CompletableFuture.failedFuture(new NullPointerException("clientConnected"));
        LibraryFuture<Server> started = new LibraryFuture<>(loop, LibraryFuture.Cancel.IMMEDIATE, LibraryFuture.LateCancel.LOSES);
        SocketTransport.resolve(loop, host, port).whenComplete((address, error) -> {
            if (error != null) {
                started.failInternal(Task.unwrap(error));
                return;
            }
            Server server;
            try {
                server = listen(loop, clientConnected, address, limit);
            } catch (IOException | RuntimeException e) {
                started.failInternal(e);
                return;
            }
            if (!started.completeInternal(server)) server.close(); // cancelled meanwhile
        });
        return started;
    }

    private static Server listen(EventLoop loop, BiFunction<StreamReader, StreamWriter, ? extends CompletionStage<?>> clientConnected,
            InetSocketAddress address, int limit) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // asyncio's default on POSIX
            channel.bind(address, BACKLOG);
            Server server = new Server(loop, clientConnected, limit, channel);
            loop.addReader(channel, server::accept);
            return server;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The listening channel is readable: accepts what is waiting, up to the backlog (asyncio's {@code _accept_connection}). */
    private void accept() {
        for (int i = 0; i < BACKLOG && serving; i++) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                loop.reportError(e); // EMFILE and the like: the loop goes on, as asyncio's does
                return;
            }
            if (client == null) return;
            Connection c;
            try {
                c = SocketTransport.open(loop, client, limit, this::connectionClosed);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            connections++;
            Task<Object> handler = loop.createTask(() -> handle(c));
            handler.addDoneCallback(t -> {
                Throwable failure = t.failureOrNull(true); // a cancellation is its CancellationException
                if (failure == null) return;
                if (!(failure instanceof CancellationException)) loop.reportError(failure);
                c.writer().close();
            });
        }
    }

    @SuppressWarnings("unchecked") // the handler's result is not used: any stage will do
    private CompletionStage<Object> handle(Connection c) {
        return (CompletionStage<Object>) clientConnected.apply(c.reader(), c.writer());
    }

    private void connectionClosed() {
        connections--;
        wakeIfClosed();
    }

    private void wakeIfClosed() {
        if (serving || connections > 0 || closeWaiters.isEmpty()) return;
        List<LibraryFuture<Void>> waiters = new ArrayList<>(closeWaiters);
        closeWaiters.clear();
        for (LibraryFuture<Void> w : waiters) w.completeInternal(null);
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // never used
        }
    }

    /**
     * The addresses the server listens on; empty once closed. asyncio: {@code Server.sockets}.
     *
     * @return the bound local address, as a one-element list while serving
     */
    public List<SocketAddress> sockets() {
        return serving ? List.of(address) : List.of();
    }

    /**
     * True until {@link #close()}. asyncio: {@code Server.is_serving()}.
     *
     * @return true while listening
     */
    public boolean isServing() {
        return serving;
    }

    /**
     * Stops listening: from the next iteration on, new connections are refused; the connections
     * already accepted go on. asyncio: {@code Server.close()}. Idempotent, any thread.
     */
    @Override
    public void close() {
        if (!serving) return;
        serving = false;
        loop.runOrPost(() -> { // on a closed loop: the selector is gone already
            loop.removeReader(channel);
            try {
                channel.close();
            } catch (IOException e) {
                loop.reportError(e);
            }
            LibraryFuture<Void> forever = servingForever;
            servingForever = null;
            if (forever != null) forever.failInternal(new CancellationException("server closed"));
            wakeIfClosed();
        });
    }

    /**
     * Completes once the server is closed and every connection it accepted has closed. asyncio:
     * {@code Server.wait_closed()} (3.12+).
     *
     * <p>Threads: the future completes on the loop this server belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return completes when all is closed
     */
    public CompletableFuture<Void> waitClosedAsync() {
        LibraryFuture<Void> wait = new LibraryFuture<>();
        loop.runFor(wait, () -> {
            if (!serving && connections == 0) wait.completeInternal(null);
            else closeWaiters.add(wait);
        });
        return wait;
    }

    /**
     * Serves until cancelled or closed. asyncio: {@code Server.serve_forever()}. Cancelling the
     * future closes the server; {@link #close()} ends the future with {@link CancellationException}.
     * Fails with {@link IllegalStateException} if the server is closed or already serving forever.
     *
     * <p>Threads: the future completes on the loop this server belongs to, so its dependent stages
     * run on that loop's thread (at once, if it is already complete). Move them with {@code
     * thenApplyAsync(fn, executor)} (<a href="package-summary.html#dependent-stages">where stages
     * run</a>).
     *
     * @return a future that never completes normally
     */
    public CompletableFuture<Void> serveForeverAsync() {
        LibraryFuture<Void> forever = new LibraryFuture<>() {
            @Override
            void onCancel() {
                Server.this.close();
            }
        };
        loop.runFor(forever, () -> {
            if (!serving) forever.failInternal(new IllegalStateException(this + " is closed"));
            else if (servingForever != null) forever.failInternal(new IllegalStateException(this + " is already serving forever"));
            else servingForever = forever;
        });
        return forever;
    }

    @Override
    public String toString() {
        return "Server[" + address + ", " + (serving ? "serving" : "closed") + ", " + connections + " connections]";
    }
}
