package dev.asyncio4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;

/** {@link Asyncio#gather}'s outer future: children by identity, outcomes seen on a later iteration. */
final class Gather extends LibraryFuture<List<Object>> implements Awaiting {
    private final boolean returnExceptions;
    private final List<CompletionStage<?>> children;
    private final int[] childAt;
    private final Object[] values;
    private final Throwable[] errors;
    private int finished;
    private boolean cancelRequested;
    private String cancelMessage;

    Gather(EventLoop loop, boolean returnExceptions, CompletionStage<?>[] aws) {
        super(Cancel.REQUEST, LateCancel.asAll(Arrays.asList(aws))); // the list is dropped only if no child is a grant
        this.returnExceptions = returnExceptions;
        this.childAt = new int[aws.length];
        this.children = new ArrayList<>(aws.length);
        Map<CompletionStage<?>, Integer> index = new IdentityHashMap<>(aws.length); // sized: no rehashing
        for (int i = 0; i < aws.length; i++) {
            Integer known = index.get(aws[i]);
            if (known == null) {
                known = children.size();
                index.put(aws[i], known);
                children.add(aws[i]);
            }
            childAt[i] = known;
        }
        values = new Object[children.size()];
        errors = new Throwable[children.size()];
        for (int c = 0; c < children.size(); c++) {
            int child = c;
            Stages.whenDone(children.get(c), loop, true, (value, error) -> childDone(child, value, error));
        }
    }

    private void childDone(int child, Object value, Throwable error) {
        finished++;
        values[child] = value;
        errors[child] = error;
        if (isDone()) return; // an earlier failure ended it; later ones are ignored
        if (error != null && !returnExceptions && !cancelRequested) {
            failInternal(error);
            return;
        }
        if (finished < children.size()) return;
        if (cancelRequested) {
            failInternal(new CancellationException(cancelMessage));
            return;
        }
        List<Object> results = new ArrayList<>(childAt.length);
        for (int c : childAt) {
            Throwable e = errors[c];
            results.add(e == null ? values[c] : e instanceof CancellationException ? new CancellationException(e.getMessage()) : e);
        }
        completeInternal(results);
    }

    @Override
    public List<CompletionStage<?>> awaited() {
        return children;
    }

    @Override
    boolean requestCancel(String message) {
        if (isDone()) return false;
        boolean taken = false;
        for (CompletionStage<?> child : children) {
            if (!Stages.isDone(child) && Stages.requestCancel(child, message)) taken = true;
        }
        if (taken) {
            cancelRequested = true;
            cancelMessage = message;
        }
        return taken;
    }
}
