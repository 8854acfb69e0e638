package dev.asyncio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link Asyncio#run}'s answer to {@code Thread.interrupt()} of its thread (asyncio:
 * {@code asyncio.Runner}'s answer to Ctrl-C): each interrupt the loop sees is a cancel request
 * to the main task, delivered on the loop as a callback ({@link EventLoop#onInterrupt}). Once the
 * run is over, the thread's interrupt status is set again, as a method that cannot throw
 * {@code InterruptedException} leaves it, and a main task that ended cancelled is reported as a
 * {@link CancellationException} caused by an {@link InterruptedException}.
 */
final class MainInterrupts implements LoopWork {
    static final String MESSAGE = "Asyncio.run interrupted";

    private Task<?> main;
    private boolean interrupted;

    /** {@code main}, noting the main task in its first step (it is the current task then). */
    <T> Supplier<CompletionStage<T>> watch(Supplier<? extends CompletionStage<T>> main) {
        return () -> {
            this.main = Task.current();
            return main.get();
        };
    }

    /** On the loop: the thread was interrupted. */
    @Override
    public void run() {
        interrupted = true;
        if (main != null) main.cancel(MESSAGE);
    }

    /** After the run and its cleanup: restores the interrupt status; an interrupted main's cancellation says so. */
    RuntimeException ended(RuntimeException mainFailure) {
        if (!interrupted) return mainFailure;
        Thread.currentThread().interrupt();
        if (mainFailure instanceof CancellationException && main != null && main.isCancelled()) {
            CancellationException cancelled = new CancellationException(MESSAGE);
            cancelled.initCause(new InterruptedException(MESSAGE));
            cancelled.addSuppressed(mainFailure);
            return cancelled;
        }
        return mainFailure;
    }
}
