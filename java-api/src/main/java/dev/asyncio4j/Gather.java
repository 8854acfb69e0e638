package dev.asyncio4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;

/**
 * {@link Asyncio#gather}'s outer future: children by identity, outcomes seen on a later iteration.
 * Outcomes are kept per argument position, so that building a gather of n tasks costs no identity
 * map (an identity hash per child was most of {@code gather}'s cost); the distinct children, which
 * only a cancellation and {@link #awaited()} need, are found when asked for.
 */
final class Gather extends LibraryFuture<List<Object>> implements Awaiting {
    private final boolean returnExceptions;
    /** The arguments ({@code CompletionStage}s), in order; a stage passed twice appears at each of its positions. */
    private final Object[] args;
    private final Object[] values;
    private final Throwable[] errors;
    /** Positions whose stage has finished. */
    private int finished;
    private boolean cancelRequested;
    private String cancelMessage;

    /** @param aws the stages, a copy this gather keeps */
    Gather(EventLoop loop, boolean returnExceptions, Object[] aws) {
        super(Cancel.REQUEST, LateCancel.asAll(stages(aws))); // the list is dropped only if no child is a grant
        this.returnExceptions = returnExceptions;
        this.args = aws;
        values = new Object[aws.length];
        errors = new Throwable[aws.length];
        for (int i = 0; i < aws.length; i++) Stages.whenDone((CompletionStage<?>) aws[i], loop, true, new Position(i));
    }

    /** The callback of one position: a task's done callback itself, with no wrapper. */
    private final class Position extends Stages.Outcome<Object> {
        private final int position;

        Position(int position) {
            this.position = position;
        }

        @Override
        public void accept(Object value, Throwable error) {
            positionDone(position, value, error);
        }
    }

    private void positionDone(int position, Object value, Throwable error) {
        finished++;
        values[position] = value;
        errors[position] = error;
        if (isDone()) return; // an earlier failure ended it; later ones are ignored
        if (error != null && !returnExceptions && !cancelRequested) {
            failInternal(error);
            return;
        }
        if (finished < args.length) return;
        if (cancelRequested) {
            failInternal(new CancellationException(cancelMessage));
            return;
        }
        List<Object> results = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            Throwable e = errors[i];
            results.add(e == null ? values[i] : e instanceof CancellationException ? new CancellationException(e.getMessage()) : e);
        }
        completeInternal(results);
    }

    /** The distinct children, in order of first position. */
    @Override
    public List<CompletionStage<?>> awaited() {
        Set<CompletionStage<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>(args.length));
        List<CompletionStage<?>> children = new ArrayList<>(args.length);
        for (CompletionStage<?> stage : stages(args)) {
            if (distinct.add(stage)) children.add(stage);
        }
        return children;
    }

    @SuppressWarnings("unchecked") // the array holds only stages
    private static List<CompletionStage<?>> stages(Object[] aws) {
        return (List<CompletionStage<?>>) (List<?>) Arrays.asList(aws);
    }

    /** One request per distinct unfinished child. */
    @Override
    boolean requestCancel(String message) {
        if (isDone()) return false;
        boolean taken = false;
        for (CompletionStage<?> child : awaited()) {
            if (!Stages.isDone(child) && Stages.requestCancel(child, message)) taken = true;
        }
        if (taken) {
            cancelRequested = true;
            cancelMessage = message;
        }
        return taken;
    }
}
