package dev.asyncio4j.kotlin

import dev.asyncio4j.EventLoop
import dev.asyncio4j.IncompleteReadException
import dev.asyncio4j.LimitOverrunException
import dev.asyncio4j.Server
import dev.asyncio4j.StreamReader
import dev.asyncio4j.StreamWriter
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.IOException
import java.net.ConnectException
import java.net.InetSocketAddress
import java.nio.channels.ServerSocketChannel

/** docs/design.md, "I/O on the loop" streams through the suspend functions, over real sockets on 127.0.0.1. */
class StreamsTest {

    private val host = "127.0.0.1"

    /** [runAsyncio] with a bound: a test that waits in vain fails after 10 s instead of hanging. */
    private fun test(block: suspend CoroutineScope.() -> Unit) = runAsyncio { withTimeout(10_000) { block() } }

    private val Server.port get() = (sockets()[0] as InetSocketAddress).port

    private suspend fun serverSending(text: String): Server = startServer(host, 0) { _, w ->
        w.write(text.toByteArray())
        w.drain()
        w.close()
    }

    private suspend fun echoServer(): Server = startServer(host, 0) { r, w ->
        r.lines().collect { line ->
            w.write("$line\n".toByteArray())
            w.drain()
        }
        w.close()
    }

    private fun text(b: ByteArray) = String(b)

    @Test
    fun readLineReturnsEachLineThenThePartialLastLineThenEmpty() = test {
        val server = serverSending("one\ntwo")
        val c = openConnection(host, server.port)
        assertEquals("one\n", text(c.reader().readLine()))
        assertEquals("two", text(c.reader().readLine()))
        assertEquals("", text(c.reader().readLine()))
        assertTrue(c.reader().atEof())
        server.close()
    }

    @Test
    fun linesYieldsLinesWithoutTheirTerminatorsToEof() = test {
        val server = serverSending("a\r\nb\n\nlast")
        val c = openConnection(host, server.port)
        assertEquals(listOf("a", "b", "", "last"), c.reader().lines().toList())
        server.close()
    }

    @Test
    fun aLinesCollectorThatStopsEarlyLeavesTheRestInTheReader() = test {
        val server = serverSending("a\nb\nc\n")
        val c = openConnection(host, server.port)
        assertEquals(listOf("a"), c.reader().lines().take(1).toList())
        assertEquals("b\nc\n", text(c.reader().read()))
        server.close()
    }

    @Test
    fun readUntilAndReadExactlyAtEof() = test {
        val server = serverSending("key: value\r\n\r\nabc")
        val c = openConnection(host, server.port)
        assertEquals("key: value\r\n\r\n", text(c.reader().readUntil("\r\n\r\n".toByteArray())))
        val e = assertThrows<IncompleteReadException> { c.reader().readExactly(5) }
        assertArrayEquals("abc".toByteArray(), e.partial())
        assertEquals(5, e.expected())
        server.close()
    }

    @Test
    fun aLineLongerThanTheLimitThrowsAndTheReaderStaysUsable() = test {
        val longLine = "x".repeat(40) + "\n"
        val server = serverSending(longLine + "short\n")
        val c = openConnection(host, server.port, limit = 16)
        while (bufferedOf(c.reader()) < longLine.length + 6) yield() // all in: the drop is to the separator
        assertThrows<LimitOverrunException> { c.reader().readLine() }
        assertEquals("short\n", text(c.reader().readLine()))
        server.close()
    }

    @Test
    fun connectingToAClosedPortThrowsTheJdksConnectException() = test {
        val port = ServerSocketChannel.open().use {
            it.bind(InetSocketAddress(host, 0))
            (it.localAddress as InetSocketAddress).port
        }
        assertThrows<ConnectException> { openConnection(host, port) }
    }

    @Test
    fun cancellingAWaitingReadLosesNoByte() = test {
        val server = startServer(host, 0) { r, w ->
            w.write("01234".toByteArray())
            r.readLine()
            w.write("56789".toByteArray())
            w.drain()
        }
        val c = openConnection(host, server.port)
        val reading = launch { c.reader().readExactly(10) }
        while (bufferedOf(c.reader()) < 5) yield()
        reading.cancel()
        reading.join()
        c.writer().write("go\n".toByteArray())
        assertEquals("0123456789", text(c.reader().readExactly(10)))
        server.close()
    }

    @Test
    fun aReadCancelledAfterItsBytesArrivedButBeforeItRanGivesThemBack() = test {
        val server = serverSending("line\n")
        val c = openConnection(host, server.port)
        val reader = c.reader()
        var got: ByteArray? = null
        val reading = launch(start = CoroutineStart.UNDISPATCHED) { got = reader.readLine() }
        // Each iteration, before the coroutine's resumption is dispatched: once the read has taken
        // its bytes (the buffer held them, now it is empty), cancel the coroutine.
        val loop = EventLoop.running()
        var seen = false
        lateinit var poll: Runnable
        poll = Runnable {
            val buffered = bufferedOf(reader)
            if (buffered > 0) seen = true
            if (seen && buffered == 0) reading.cancel() else loop.callSoon(poll)
        }
        loop.callSoon(poll)
        reading.join()
        assertTrue(reading.isCancelled)
        assertEquals(null, got, "the coroutine ran: this test did not hit the window it is about")
        assertEquals("line\n", text(reader.readLine()))
        server.close()
    }

    @Test
    fun drainThrowsIOExceptionOnceThePeerIsGone() = test {
        val server = startServer(host, 0) { _, w -> w.close() }
        val c = openConnection(host, server.port)
        assertEquals(0, c.reader().read().size)
        val chunk = ByteArray(128 * 1024)
        val failure = runCatching {
            repeat(1000) {
                c.writer().write(chunk)
                c.writer().drain()
            }
        }.exceptionOrNull()
        assertTrue(failure is IOException, "drain did not fail: $failure")
        server.close()
    }

    @Test
    fun manyClientsEchoConcurrentlyOnOneLoop() = test {
        val server = echoServer()
        val replies = (0 until 100).map { i ->
            async {
                val c = openConnection(host, server.port)
                c.writer().write("client $i\n".toByteArray())
                c.writer().drain()
                val reply = text(c.reader().readLine())
                c.writer().close()
                c.writer().waitClosed()
                reply
            }
        }.awaitAll()
        assertEquals((0 until 100).map { "client $it\n" }, replies)
        server.close()
        server.waitClosed()
    }

    @Test
    fun cancellingServeForeverClosesTheServer() = test {
        val server = echoServer()
        val serving = launch { server.serveForever() }
        yield()
        assertTrue(server.isServing)
        serving.cancel()
        serving.join()
        server.waitClosed()
        assertFalse(server.isServing)
    }

    @Test
    fun aHandlerThatThrowsHasItsConnectionClosedAndItsFailureReported() = test {
        val loop = EventLoop.running()
        val reported = CompletableDeferred<Throwable>()
        loop.setExceptionHandler { _, e -> reported.complete(e) }
        val server = startServer(host, 0) { _: StreamReader, _: StreamWriter -> throw IllegalStateException("boom") }
        val c = openConnection(host, server.port)
        assertEquals(0, c.reader().read().size)
        assertEquals("boom", reported.await().message)
        server.close()
    }

    @Test
    fun cancellationOfTheCallerIsACancellationException() = test {
        val server = echoServer()
        val c = openConnection(host, server.port)
        val reading = async { c.reader().readLine() }
        yield()
        reading.cancel()
        assertThrows<CancellationException> { reading.await() }
        server.close()
    }
}

/** Bytes in the reader's buffer, through its toString (the count is not public API). */
private fun bufferedOf(reader: StreamReader): Int =
    Regex(", (\\d+) bytes").find(reader.toString())!!.groupValues[1].toInt()
