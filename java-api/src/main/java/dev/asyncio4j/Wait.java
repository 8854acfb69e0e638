package dev.asyncio4j;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** {@link Asyncio#wait}'s future: the inputs split into done and pending once {@code returnWhen} holds or the timeout passes. */
final class Wait<T> extends LibraryFuture<WaitResult<T>> implements Awaiting {
    private final List<CompletableFuture<T>> inputs;
    private final ReturnWhen returnWhen;
    private final TimerHandle timer;

    Wait(EventLoop loop, List<CompletableFuture<T>> inputs, Duration timeout, ReturnWhen returnWhen) {
        super(Cancel.IMMEDIATE, LateCancel.WINS);
        this.inputs = inputs;
        this.returnWhen = returnWhen;
        this.timer = timeout == null ? null : loop.callLater(timeout, this::finish);
        if (satisfied()) {
            loop.schedule(this::finish);
        } else {
            for (CompletableFuture<T> f : inputs) Stages.whenDone(f, loop, false, (v, e) -> { if (!isDone() && satisfied()) finish(); });
        }
    }

    private boolean satisfied() {
        boolean all = true;
        for (CompletableFuture<T> f : inputs) {
            if (!f.isDone()) {
                all = false;
            } else if (returnWhen == ReturnWhen.FIRST_COMPLETED) {
                return true;
            } else if (returnWhen == ReturnWhen.FIRST_EXCEPTION && Stages.failureOf(f) != null
                && !(Stages.failureOf(f) instanceof CancellationException)) {
                return true;
            }
        }
        return all;
    }

    private void finish() {
        if (isDone()) return;
        if (timer != null) timer.cancel();
        Set<CompletableFuture<T>> done = new LinkedHashSet<>(), pending = new LinkedHashSet<>();
        for (CompletableFuture<T> f : inputs) (f.isDone() ? done : pending).add(f);
        completeInternal(new WaitResult<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending)));
    }

    @Override
    public List<CompletableFuture<T>> awaited() {
        return inputs;
    }

    @Override
    void onCancel() {
        if (timer != null) timer.cancel();
    }
}
