package dev.asyncio4j;

/**
 * The loop's own work (a task step, a waiter's resumption, a library future's completion), as
 * opposed to what a user hands the loop through {@code callSoon}, {@code execute} or
 * {@code schedule*}. The loop queues both in one FIFO; the type tells them apart at no cost, so that
 * {@link EventLoop#shutdownNow()} returns only the user's tasks and {@link EventLoop#close()} still
 * runs the loop's own work (nothing it holds, a grant say, may be lost).
 */
interface LoopWork extends Runnable {
}
