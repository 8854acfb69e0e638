package dev.asyncio4j.kotlin

import dev.asyncio4j.Asyncio
import dev.asyncio4j.Communicated
import dev.asyncio4j.Subprocess
import dev.asyncio4j.SubprocessOptions
import kotlinx.coroutines.future.await

/**
 * Starts [argv] (a program and its arguments, no shell) as a child of the event loop running this
 * coroutine. asyncio: `await asyncio.create_subprocess_exec(program, *args, ...)`; Java:
 * [Asyncio.createSubprocessExec]. Run it on an event loop's dispatcher ([runAsyncio] or
 * `EventLoop.asCoroutineDispatcher()`): the child belongs to that loop.
 *
 * @throws java.io.IOException the JDK's, if the program cannot be started (nothing is left behind)
 * @throws IllegalStateException if no event loop runs on this thread
 */
suspend fun createSubprocessExec(vararg argv: String, options: SubprocessOptions = SubprocessOptions.defaults()): Subprocess =
    Asyncio.createSubprocessExec(argv.toList(), options).await()

/**
 * Starts [command] through `/bin/sh -c`. asyncio: `await asyncio.create_subprocess_shell(cmd, ...)`;
 * Java: [Asyncio.createSubprocessShell]. As [createSubprocessExec] otherwise.
 */
suspend fun createSubprocessShell(command: String, options: SubprocessOptions = SubprocessOptions.defaults()): Subprocess =
    Asyncio.createSubprocessShell(command, options).await()

/**
 * Suspends until the child exits and returns its [Subprocess.returncode]. asyncio:
 * `await proc.wait()`; Java: [Subprocess.waitAsync]. Returns at once, without suspending, if the
 * loop has already seen the exit. Cancelling the calling coroutine ends this call and leaves the
 * child running (asyncio's rule).
 */
suspend fun Subprocess.wait(): Int = returncode() ?: waitAsync().await()

/**
 * Feeds [input] to the child's stdin and closes it, while reading its stdout and stderr to EOF,
 * then waits for it to exit. asyncio: `await proc.communicate(input)`; Java:
 * [Subprocess.communicateAsync]. Null input feeds nothing and closes stdin; a child that stops
 * reading its input is no error; a stream that is not a pipe is null in the result. Cancelling the
 * calling coroutine ends this call and leaves the child running, with the bytes not yet returned
 * in its readers.
 */
suspend fun Subprocess.communicate(input: ByteArray? = null): Communicated = communicateAsync(input).await()
