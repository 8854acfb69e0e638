package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.Connection
import dev.asyncio4j.EventLoop
import dev.asyncio4j.Server
import dev.asyncio4j.StreamReader
import dev.asyncio4j.StreamWriter
import dev.asyncio4j.WaiterSpi
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import java.nio.charset.Charset
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.BiFunction

// Streams as suspend functions (docs/design.md, "I/O on the loop"). Each one awaits the Java future of the same name.
// Cancelling the calling coroutine cancels that future, which loses nothing: a cancelled read
// leaves its bytes in the reader's buffer. One case is Kotlin's own: the future completed but the
// coroutine was cancelled before it ran again (prompt cancellation), so it never sees the result.
// Then what the result holds is given back: a read's bytes go back to the front of the buffer
// (WaiterSpi.unread), a connection is closed, a server is closed.

/**
 * Connects to [host]:[port] over TCP. asyncio: `await asyncio.open_connection(host, port, limit=limit)`;
 * Java: [Asyncio.openConnection]. Run it on an event loop's thread ([runAsyncio] or the loop's
 * dispatcher): the connection belongs to that loop.
 *
 * @throws java.net.ConnectException the JDK's, if the connection is refused
 * @throws IllegalStateException if no event loop runs on this thread
 */
suspend fun openConnection(host: String, port: Int, limit: Int = 65_536): Connection =
    Asyncio.openConnection(host, port, limit).awaitGrant({ it.writer().close() }) { it }

/**
 * Listens on [host]:[port] (0: any free port) and runs [clientConnected] for each client, as a
 * coroutine on the loop's dispatcher inside the client's [dev.asyncio4j.Task]. asyncio:
 * `await asyncio.start_server(client_connected_cb, host, port)`; Java: [Asyncio.startServer].
 *
 * The handlers are not children of the caller's job (asyncio's handlers are tasks of their own):
 * they end with their client, or are cancelled with their task (closing the loop cancels them).
 * A handler that throws has its connection closed and its failure passed to the loop's exception
 * handler; one that returns leaves the connection open to whoever holds the writer.
 *
 * @throws IllegalStateException if no event loop runs on this thread
 */
suspend fun startServer(host: String, port: Int, clientConnected: suspend (StreamReader, StreamWriter) -> Unit): Server {
    val handler = BiFunction<StreamReader, StreamWriter, CompletionStage<*>> { reader, writer ->
        // Called in the client task's first step, on the loop's thread: its await point is the
        // wrapper, so cancelling the task cancels the coroutine.
        val scope = CoroutineScope(EventLoop.running().asCoroutineDispatcher())
        Asyncio.wrapFuture(scope.future { clientConnected(reader, writer) })
    }
    return Asyncio.startServer(handler, host, port).awaitGrant({ it.close() }) { it }
}

/**
 * Serves until the calling coroutine is cancelled, which closes the server. asyncio:
 * `await server.serve_forever()`; Java: [Server.serveForeverAsync]. [Server.close] ends it with
 * `CancellationException`.
 */
suspend fun Server.serveForever() {
    serveForeverAsync().await()
}

/**
 * Suspends until the server is closed and every connection it accepted has closed. asyncio:
 * `await server.wait_closed()`; Java: [Server.waitClosedAsync].
 */
suspend fun Server.waitClosed() {
    waitClosedAsync().await()
}

/**
 * Reads up to [n] bytes (negative: to EOF; empty at EOF). asyncio: `await reader.read(n)`; Java:
 * [StreamReader.readAsync]. Cancelling the caller loses no byte.
 */
suspend fun StreamReader.read(n: Int = -1): ByteArray = readAsync(n).awaitBytes(this)

/**
 * Reads a line, with its `\n` (the last line may have none; empty at EOF). asyncio:
 * `await reader.readline()`; Java: [StreamReader.readLineAsync]. A line longer than the limit
 * throws [dev.asyncio4j.LimitOverrunException] and is dropped. Cancelling the caller loses no byte.
 */
suspend fun StreamReader.readLine(): ByteArray = readLineAsync().awaitBytes(this)

/**
 * Reads up to and including [separator]. asyncio: `await reader.readuntil(separator)`; Java:
 * [StreamReader.readUntilAsync]: [dev.asyncio4j.IncompleteReadException] at EOF,
 * [dev.asyncio4j.LimitOverrunException] past the limit. Cancelling the caller loses no byte.
 */
suspend fun StreamReader.readUntil(separator: ByteArray): ByteArray = readUntilAsync(separator).awaitBytes(this)

/**
 * Reads exactly [n] bytes. asyncio: `await reader.readexactly(n)`; Java:
 * [StreamReader.readExactlyAsync]: [dev.asyncio4j.IncompleteReadException] at EOF, with the bytes
 * read. Cancelling the caller loses no byte.
 */
suspend fun StreamReader.readExactly(n: Int): ByteArray = readExactlyAsync(n).awaitBytes(this)

/**
 * The lines of the stream, decoded with [charset], without their `\n` or `\r\n`, until EOF.
 * asyncio: `async for line in reader` (which keeps the terminators). Cold: each collection reads on
 * from where the reader is. Cancelling the collector loses no byte of the line being read.
 */
fun StreamReader.lines(charset: Charset = Charsets.UTF_8): Flow<String> = flow {
    while (true) {
        val line = readLine()
        if (line.isEmpty()) return@flow
        var end = line.size
        if (line[end - 1] == '\n'.code.toByte()) {
            end--
            if (end > 0 && line[end - 1] == '\r'.code.toByte()) end--
        }
        emit(String(line, 0, end, charset))
    }
}

/**
 * Suspends until the write buffer is below its high-water mark. asyncio: `await writer.drain()`;
 * Java: [StreamWriter.drainAsync]: throws an `IOException` once the peer is gone. Returns at once
 * when there is room. Cancelling the caller leaves the written bytes buffered.
 */
suspend fun StreamWriter.drain() {
    drainAsync().await()
}

/** Suspends until the stream has closed. asyncio: `await writer.wait_closed()`; Java: [StreamWriter.waitClosedAsync]. */
suspend fun StreamWriter.waitClosed() {
    waitClosedAsync().await()
}

/** A read's future, awaited: bytes that the caller cannot take after all go back to the reader. */
private suspend fun CompletableFuture<ByteArray>.awaitBytes(reader: StreamReader): ByteArray =
    awaitGrant({ WaiterSpi.unread(reader, it) }) { it }
