package dev.asyncio4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A snapshot of a loop's unfinished tasks: what each one waits on (its await point) and which
 * tasks await it. asyncio: {@code asyncio.capture_call_graph()} and {@code format_call_graph()}
 * (3.14), and the tree of {@code python -m asyncio pstree PID}.
 *
 * <pre>{@code
 * System.out.println(loop.dumpTasks());   // = TaskGraph.capture(loop).format()
 * }</pre>
 * prints, for a main task awaiting a {@code gather} of two tasks:
 * <pre>
 * EventLoop[asyncio4j-loop-1, running]: 3 tasks
 * └── Task-1 waits on gather(Task-2, Task-3)
 *     ├── Task-2 waits on sleep
 *     └── Task-3 waits on Event[unset, waiters:1]
 * </pre>
 * The roots are the tasks no other task awaits; under each task come the tasks it awaits,
 * directly or through a {@code gather}, {@code waitFor}, {@code wrapFuture}, {@code wait} or a
 * task group. A primitive's waiter shows the primitive's {@code toString()} (its state and
 * waiters).
 *
 * <h2>States</h2>
 * Immutable once captured. A task that has not run its first step shows "not started"; the task
 * running when the graph was captured (on the loop's own thread) shows "running"; a started
 * task with no pending library future waits on a foreign {@code CompletionStage}, which the
 * library cannot see into.
 *
 * <h2>Cancellation</h2>
 * Capturing only reads: it cancels nothing and creates no await point. A task with cancel
 * requests pending shows their count ("cancelling:1"), so a cancellation stuck in a
 * cleanup is visible.
 *
 * <h2>Threads</h2>
 * {@link #capture} may be called from any thread. From another thread while the loop runs, the
 * graph is built on the loop, between two callbacks, so it is consistent; if the loop does not
 * get to it within a second (a callback is blocking it, which is when one looks), it is read from
 * the calling thread instead, at the risk of a torn read, and the text says so and shows where the
 * loop's thread is.
 *
 * <h2>asyncio differs</h2>
 * asyncio's graph holds each coroutine's call stack; a Java coroutine is a chain of
 * {@code CompletionStage}s with no stack to show, so a task's entry is its await point.
 */
public final class TaskGraph {
    /** How long a capture from another thread waits for the loop before reading on its own. */
    private static final long LOOP_WAIT_MILLIS = 1000;
    private static final int LOOP_STACK_FRAMES = 12;

    private final String loop;
    private final List<Node> tasks;
    private final List<Node> roots;
    /** Why the graph was read off the loop's thread, with where that thread was; null if read on the loop. */
    private final String busyLoop;

    private TaskGraph(String loop, List<Node> tasks, String busyLoop) {
        this.loop = loop;
        this.tasks = Collections.unmodifiableList(tasks);
        List<Node> top = new ArrayList<>();
        for (Node n : tasks) if (n.awaitedBy.isEmpty()) top.add(n);
        this.roots = Collections.unmodifiableList(top);
        this.busyLoop = busyLoop;
    }

    /**
     * The graph of {@code loop}'s unfinished tasks. Thread-safe (see the class doc).
     *
     * @param loop the loop whose tasks to capture
     * @return the graph, with the tasks in creation order
     */
    public static TaskGraph capture(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        if (loop.inLoopThread() || !loop.isRunning()) return build(loop, null);
        CompletableFuture<TaskGraph> onLoop = new CompletableFuture<>();
        Handle handle;
        try {
            handle = loop.callSoon(() -> onLoop.complete(build(loop, null)));
        } catch (IllegalStateException closed) {
            return build(loop, null);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return onLoop.get(LOOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (TimeoutException | ExecutionException busy) {
            handle.cancel();
            return build(loop, "the loop did not answer within " + LOOP_WAIT_MILLIS + " ms: read from "
                    + Thread.currentThread().getName() + ", may be inconsistent" + loopThreadStack(loop));
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * The graph around one task: its loop's graph. asyncio: {@code capture_call_graph(task)}; the
     * task's {@link Node} is {@code graph.node(task)}.
     *
     * @param task the task
     * @return the graph of the task's loop
     */
    public static TaskGraph capture(Task<?> task) {
        return capture(Objects.requireNonNull(task, "task").loop());
    }

    private static TaskGraph build(EventLoop loop, String busyLoop) {
        Map<Task<?>, Node> nodes = new IdentityHashMap<>();
        List<Node> inOrder = new ArrayList<>();
        for (Task<?> t : loop.allTasks()) {
            Node n = new Node(t);
            nodes.put(t, n);
            inOrder.add(n);
        }
        Task<?> running = loop.inLoopThread() ? loop.currentTask : null;
        for (Node n : inOrder) n.link(nodes, running);
        return new TaskGraph(loop.toString(), inOrder, busyLoop);
    }

    private static String loopThreadStack(EventLoop loop) {
        Thread t = loop.thread();
        if (t == null) return "";
        StringBuilder s = new StringBuilder("; the loop's thread ").append(t.getName()).append(" is at:");
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, LOOP_STACK_FRAMES); i++) s.append("\n      at ").append(stack[i]);
        return s.toString();
    }

    /**
     * Every unfinished task, in creation order. asyncio: {@code all_tasks()}.
     *
     * @return the tasks' nodes
     */
    public List<Node> tasks() {
        return tasks;
    }

    /**
     * The tasks no other task of the graph awaits: the tops of the trees.
     *
     * @return the root nodes, in creation order
     */
    public List<Node> roots() {
        return roots;
    }

    /**
     * The node of {@code task}, or null if it was not unfinished on this graph's loop.
     *
     * @param task a task
     * @return its node, or null
     */
    public Node node(Task<?> task) {
        for (Node n : tasks) if (n.task == task) return n;
        return null;
    }

    /**
     * The graph as text: the loop, then one tree per root, each task with its await point and the
     * tasks it awaits below it. asyncio: {@code format_call_graph()}; {@code pstree}'s layout.
     * A task awaited in a cycle is shown once more, marked "(cycle)".
     *
     * @return the text, lines separated by {@code \n}
     */
    public String format() {
        StringBuilder s = new StringBuilder(loop).append(": ").append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks");
        if (busyLoop != null) s.append(" (").append(busyLoop).append(')');
        List<Node> tops = new ArrayList<>(roots);
        for (Node n : tasks) if (!reachable(n, tops)) tops.add(n); // only in a cycle: show it from its first task
        for (int i = 0; i < tops.size(); i++) tops.get(i).format(s, "", i == tops.size() - 1, Collections.newSetFromMap(new IdentityHashMap<>()));
        return s.toString();
    }

    private static boolean reachable(Node target, List<Node> from) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            Node n = todo.remove(todo.size() - 1);
            if (n == target) return true;
            if (seen.add(n)) todo.addAll(n.awaits);
        }
        return false;
    }

    /** {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }

    /** One task of a {@link TaskGraph}: its await point, the tasks it awaits, and those awaiting it. */
    public static final class Node {
        private final Task<?> task;
        private String awaitPoint;
        private final List<Node> awaits = new ArrayList<>();
        private final List<Node> awaitedBy = new ArrayList<>();

        private Node(Task<?> task) {
            this.task = task;
        }

        /** @return the task */
        public Task<?> task() {
            return task;
        }

        /**
         * What the task waits on, as text: "sleep", "gather(Task-2, Task-3)", a primitive's
         * {@code toString()}, "not started", "running"...
         *
         * @return the await point's description
         */
        public String awaitPoint() {
            return awaitPoint;
        }

        /** @return the tasks this one awaits (through its await point), unmodifiable */
        public List<Node> awaits() {
            return Collections.unmodifiableList(awaits);
        }

        /** @return the tasks awaiting this one, unmodifiable. asyncio: {@code FutureCallGraph.awaited_by} */
        public List<Node> awaitedBy() {
            return Collections.unmodifiableList(awaitedBy);
        }

        private void link(Map<Task<?>, Node> nodes, Task<?> running) {
            if (task == running) {
                awaitPoint = "running";
            } else if (!task.isStarted()) {
                awaitPoint = "not started";
            } else {
                LibraryFuture<?> f = task.awaitPointSnapshot();
                awaitPoint = f == null ? "a foreign stage" : describe(f, nodes, Collections.newSetFromMap(new IdentityHashMap<>()));
            }
        }

        /** Describes {@code stage}, linking this node to every task found in it. */
        private String describe(CompletionStage<?> stage, Map<Task<?>, Node> nodes, Set<Object> seen) {
            Task<?> awaited = Stages.asTask(stage);
            if (awaited != null) {
                Node child = nodes.get(awaited);
                if (child != null && !awaits.contains(child)) {
                    awaits.add(child);
                    child.awaitedBy.add(this);
                }
                return awaited.name() + (awaited.isDone() ? " (done)" : "");
            }
            if (!seen.add(stage)) return "...";
            if (stage instanceof WaiterFuture<?> w) {
                Synchronizer owner = w.waiter.owner;
                return owner != null ? owner.toString() : "a primitive";
            }
            String kind = kind(stage);
            if (!(stage instanceof Awaiting forwarding)) return kind;
            List<String> parts = new ArrayList<>();
            try {
                for (CompletionStage<?> s : forwarding.awaited()) parts.add(describe(s, nodes, seen));
            } catch (RuntimeException raced) {
                parts.add("?"); // read from another thread while the loop changed it
            }
            return kind + "(" + String.join(", ", parts) + ")";
        }

        /** A library future's kind, as the function that made it. */
        private static String kind(CompletionStage<?> stage) {
            if (stage instanceof Sleep) return "sleep";
            if (stage instanceof Gather) return "gather";
            if (stage instanceof WaitFor) return "waitFor";
            if (stage instanceof Wrapped) return "wrapFuture";
            if (stage instanceof Wait) return "wait";
            if (!(stage instanceof LibraryFuture)) return "a foreign stage";
            String name = stage.getClass().getName();
            name = name.substring(name.lastIndexOf('.') + 1).replaceAll("\\$\\d+", "").replace('$', '.');
            return name.equals("LibraryFuture") ? "a future" : name; // shield's or asCompleted's copy
        }

        private void format(StringBuilder s, String indent, boolean last, Set<Node> path) {
            s.append('\n').append(indent).append(last ? "└── " : "├── ").append(task.name());
            int cancelling = task.cancelling();
            if (cancelling > 0) s.append(" (cancelling:").append(cancelling).append(')');
            if (!path.add(this)) {
                s.append(" (cycle)");
                return;
            }
            s.append(" waits on ").append(awaitPoint);
            String below = indent + (last ? "    " : "│   ");
            for (int i = 0; i < awaits.size(); i++) awaits.get(i).format(s, below, i == awaits.size() - 1, path);
            path.remove(this);
        }

        /** The task's name, its await point, and who awaits it. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(task.name()).append(" waits on ").append(awaitPoint);
            if (!awaitedBy.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Node n : awaitedBy) names.add(n.task.name());
                s.append(", awaited by ").append(String.join(", ", names));
            }
            return s.toString();
        }
    }
}
