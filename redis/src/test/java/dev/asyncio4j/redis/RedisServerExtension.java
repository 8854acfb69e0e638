package dev.asyncio4j.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real redis-server (the binary inside the embedded-redis jar) on 127.0.0.1 and a free port,
 * started once per test run and stopped when the run ends; nothing to install by hand.
 * {@link #start()} starts a private one for tests that stop and restart it.
 */
public final class RedisServerExtension implements BeforeAllCallback {

    /** A running server; {@link #close()} stops it and leaves no process behind. */
    public static final class Server implements AutoCloseable {
        private final int port;
        private RedisServer server;

        private Server(int port) {
            this.port = port;
            startAgain();
        }

        public int port() {
            return port;
        }

        public String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /** Stops the server (a crash, as clients see it: the connection drops). */
        public synchronized void stop() {
            try {
                if (server != null) server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }

        /** Starts it again on the same port, empty (no persistence). */
        public synchronized void startAgain() {
            try {
                server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("redis-server did not start on port " + port, e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    private static Server shared;

    /** The server shared by the whole test run. */
    public static synchronized Server shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A private server on a free port: the caller closes it. */
    public static Server start() {
        return new Server(freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = shared();
        // closed when the whole run ends (the root store closes AutoCloseable values)
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> server, Server.class);
    }
}
