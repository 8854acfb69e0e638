package dev.asyncio4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Structured concurrency: a body and the tasks it starts, which end together. asyncio:
 * {@code async with asyncio.TaskGroup() as tg: body}.
 *
 * <pre>{@code
 * CompletableFuture<Void> all = TaskGroup.run(tg -> {
 *     tg.createTask(() -> fetch("a"));
 *     tg.createTask(() -> fetch("b"));
 *     return CompletableFuture.completedFuture(null);
 * });
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   RUNNING --first child failure, body failure, outside cancellation--&gt; ABORTING (children cancelled)
 *   RUNNING / ABORTING --body done and every child done--&gt; FINISHED (the run future completes)
 * </pre>
 * The first child failure also cancels the parent task once, so that the body sees
 * {@link CancellationException} at its current await point (or the group's own wait for its
 * children does); the group calls {@link Task#uncancel()} for it at the end, so the parent's
 * {@code cancelling()} is the same after the group as before. The outcome: every failure other
 * than cancellation (children's in completion order, then the body's) in an
 * {@link ExceptionGroup}; else an outside cancellation as {@link CancellationException}; else
 * the body's value. Errors win over cancellation, and an outside cancellation is never lost: with
 * errors, the parent's pending requests are re-armed, so its next await is cancelled.
 *
 * <p>A group is used from its loop's thread (its body and its children run there). There is no
 * {@code cancel()} (asyncio 3.15's {@code TaskGroup.cancel}).
 */
public final class TaskGroup {
    private final Task<?> parent;
    private final EventLoop loop;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Run result;
    private boolean bodyDone;
    private Object bodyValue;
    private Throwable bodyError;
    private CancellationException outsideCancellation;
    private boolean aborting;
    private boolean parentCancelRequested;
    private boolean finished;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop();
    }

    /**
     * Runs {@code body} with a new group, at once, in the calling task, and completes when the
     * body's stage and every child are done (see the class doc for the outcome). asyncio:
     * {@code async with TaskGroup() as tg: ...}. Cancelling the returned future is a cancel
     * request to the calling task. Not inside a task: the future fails with
     * {@link IllegalStateException}.
     *
     * @param body the body: called at once with the new group; returns its stage
     * @param <T> the type of the body's result
     * @return a future of the group's outcome: the body's value, an {@link ExceptionGroup}, or a
     *     cancellation
     */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> run(Function<TaskGroup, ? extends CompletionStage<T>> body) {
        if (body == null) return CompletableFuture.failedFuture(new NullPointerException("body"));
        Task<?> parent = Task.current();
        if (parent == null) return CompletableFuture.failedFuture(new IllegalStateException("TaskGroup.run must be called inside a task"));
        TaskGroup group = new TaskGroup(parent);
        Run result = group.new Run(); // before the body's futures: they are the parent's await points
        group.result = result;
        Stages.runBlock(group.loop, body, group, "TaskGroup body", group::bodyDone);
        return (CompletableFuture<T>) (CompletableFuture<?>) result;
    }

    /**
     * {@link #createTask(String, Supplier)} with the default name.
     *
     * @param coro the coroutine: called in the child's first step, on a later iteration
     * @param <T> the type of the child's result
     * @return the new child task
     * @throws IllegalStateException once the group has finished or while it shuts down after an
     *     error
     */
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> coro) {
        return createTask(null, coro);
    }

    /**
     * Starts a child on the parent's loop (its first step on a later iteration). asyncio:
     * {@code tg.create_task()}. Allowed until the group finishes, also after the body's stage
     * completed.
     *
     * @param name the child's name, or null for the default
     * @param coro the coroutine: called in the child's first step, on a later iteration
     * @param <T> the type of the child's result
     * @return the new child task
     * @throws IllegalStateException once the group has finished or while it shuts down after an
     *     error; the supplier is then never called
     */
    public <T> Task<T> createTask(String name, Supplier<? extends CompletionStage<T>> coro) {
        Objects.requireNonNull(coro, "coro");
        if (finished) throw new IllegalStateException(this + " is finished");
        if (aborting) throw new IllegalStateException(this + " is shutting down");
        Task<T> child = new Task<>(loop, name, coro, false); // the group, not the parent, awaits it
        child.resumeAs(parent); // but a body composing on it continues as the parent
        children.add(child);
        child.addDoneCallback(this::childDone);
        return child;
    }

    private void childDone(Task<?> child) {
        children.remove(child);
        if (!child.isCancelled()) {
            Throwable error = child.failureOrNull(true);
            if (error != null) {
                errors.add(error);
                if (parent.isDone()) {
                    loop.reportError(error); // the parent went away: nobody else can see it
                } else if (!aborting && !parentCancelRequested) {
                    abort();
                    parentCancelRequested = true;
                    parent.cancel();
                }
            }
        }
        maybeFinish();
    }

    private void bodyDone(Object value, Throwable error) {
        bodyDone = true;
        Throwable cause = Task.unwrap(error);
        if (cause instanceof CancellationException cancelled) {
            outsideCancellation = cancelled;
        } else if (cause != null) {
            bodyError = cause;
        } else {
            bodyValue = value;
        }
        if (cause != null && !aborting) abort();
        maybeFinish();
    }

    private void abort() {
        aborting = true;
        for (Task<?> child : new ArrayList<>(children)) child.cancel();
    }

    private void maybeFinish() {
        if (finished || !bodyDone || !children.isEmpty()) return;
        finished = true;
        CancellationException propagate = outsideCancellation;
        if (parentCancelRequested && parent.uncancel() == 0) propagate = null; // our own cancellation
        List<Throwable> all = new ArrayList<>(errors);
        if (bodyError != null) all.add(bodyError);
        if (!all.isEmpty()) {
            result.failInternal(new ExceptionGroup("unhandled errors in a TaskGroup", all));
            if (parent.cancelling() > 0) { // an outside request is never lost: re-arm it
                parent.uncancel();
                parent.cancel();
            }
        } else if (propagate != null) {
            result.failInternal(propagate);
        } else {
            result.completeInternal(bodyValue);
        }
    }

    @Override
    public String toString() {
        String state = finished ? "finished" : aborting ? "shutting down" : "running";
        return "TaskGroup[" + state + ", tasks:" + children.size() + ", errors:" + errors.size() + "]";
    }

    /** The run future: the parent's await point while it waits for the children. */
    private final class Run extends LibraryFuture<Object> implements Awaiting {
        /** {@code cancel()} is a request to the parent task; its outcome is delivered, never dropped. */
        Run() {
            super(Cancel.REQUEST_TO_TASK, LateCancel.LOSES);
        }

        @Override
        public List<Task<?>> awaited() {
            return new ArrayList<>(children);
        }

        /** The parent was cancelled while the group waits: an outside cancellation; the group keeps waiting. */
        @Override
        boolean requestCancel(String message) {
            if (isDone() || finished) return false;
            if (!aborting) {
                outsideCancellation = new CancellationException(message);
                abort();
            }
            return true;
        }
    }
}
