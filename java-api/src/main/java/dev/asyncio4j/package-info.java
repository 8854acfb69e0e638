/**
 * Python asyncio's concurrency model on the JVM: a single-threaded event loop, tasks with
 * asyncio's cancellation rules, and asyncio's synchronization primitives and queues, with a
 * {@link java.util.concurrent.CompletableFuture} API. JDK only; the Kotlin bridge
 * ({@code dev.asyncio4j.kotlin}) exposes the same primitives as suspend functions.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * int n = Asyncio.run(() -> lock.withLockAsync(() -> Asyncio.sleep(Duration.ofMillis(10), 42)));
 * }</pre>
 *
 * <h2>One loop, one thread</h2>
 * An {@link dev.asyncio4j.EventLoop} (asyncio: the event loop) owns a FIFO ready queue and a
 * timer heap, and one thread runs it: the caller's, inside {@link dev.asyncio4j.EventLoop#run},
 * or its own after {@link dev.asyncio4j.EventLoop#start()}. A {@link dev.asyncio4j.Task}
 * (asyncio: {@code asyncio.Task}) runs a Java coroutine, a
 * {@code Supplier<? extends CompletionStage<T>>}, on that thread, step by step, in the order
 * asyncio would run it: a new task's first step and a woken waiter's resumption both happen on a
 * later iteration. {@link dev.asyncio4j.Asyncio} holds asyncio's module functions
 * ({@code run}, {@code create_task}, {@code sleep}, {@code gather}, {@code wait_for},
 * {@code timeout}, {@code shield}, {@code wait}, ...), and {@link dev.asyncio4j.TaskGroup} its
 * structured concurrency. {@link dev.asyncio4j.EventLoop#withVirtualClock()} makes a loop whose
 * clock jumps to the next timer when nothing is ready, for fast, deterministic tests.
 *
 * <h2>Thread-safe primitives over one waiter core</h2>
 * {@link dev.asyncio4j.Lock}, {@link dev.asyncio4j.Event}, {@link dev.asyncio4j.Condition},
 * {@link dev.asyncio4j.Semaphore}, {@link dev.asyncio4j.BoundedSemaphore},
 * {@link dev.asyncio4j.Barrier}, {@link dev.asyncio4j.Queue}, {@link dev.asyncio4j.LifoQueue} and
 * {@link dev.asyncio4j.PriorityQueue} keep asyncio's semantics, but unlike asyncio's they may be
 * used from any thread and from several loops at once. Each is a small state machine over FIFO
 * queues of {@link dev.asyncio4j.Waiter}s guarded by one mutex; a waiter does not know how it will
 * be resumed, so the Java futures and the Kotlin continuations share the same queues (the Kotlin
 * bridge enqueues its own through one door, {@link dev.asyncio4j.WaiterSpi}, not for
 * applications). Wake-ups are FIFO and a newcomer never barges past a queued waiter.
 *
 * <h2>Hand-off</h2>
 * Freeing a primitive hands it straight to the first waiter: the waiter owns the lock, permit,
 * item or slot from that moment, though it resumes later. So {@code locked()},
 * {@code availablePermits()} and {@code qsize()} reflect the hand-off at once, and a newcomer
 * cannot take what was handed over. This is the main difference from asyncio, whose woken waiter
 * takes the lock or item only when it runs.
 *
 * <h2>Two kinds of cancel</h2>
 * The future of a simple wait ({@code acquireAsync}, {@code getAsync}, {@code putAsync}, the
 * {@code waitAsync} of Event and Barrier, {@code sleep}) follows {@code CompletableFuture}:
 * {@code cancel()} completes it at once. A pending waiter leaves its queue and nothing changes;
 * one granted but not yet resumed passes its grant on; {@code cancel()} returning true means the
 * caller holds nothing. A future whose asyncio counterpart must clean up first ({@code Task},
 * {@code Condition.waitAsync}/{@code waitForAsync}, {@code gather}, {@code waitFor},
 * {@code timeout}, {@code TaskGroup.run}) treats {@code cancel()} as a request: it completes with
 * {@code CancellationException} once the cleanup is done (the lock held again, the children
 * finished), on the loop. A task's cancellation reaches its await point: the most recent pending
 * library future it created.
 *
 * <h2 id="dependent-stages">Where waiters resume, and where their dependent stages run</h2>
 * A waiter created on a loop thread resumes on that loop, on a later iteration, never inside the
 * {@code release()} or {@code set()} that woke it. A waiter created on any other thread is resumed
 * by the thread that frees it, after the primitive's state is consistent and with no internal lock
 * held; nested resumptions are trampolined, so long chains do not grow the stack. Memory
 * consistency: actions before a release happen-before the actions of the waiter it hands off to.
 *
 * <p>The stages that depend on a returned future ({@code thenApply}, {@code thenCompose},
 * {@code whenComplete}, ...) follow {@code CompletableFuture}'s rule: they run on the thread that
 * completes it, or at once on the calling thread if it is already complete. So for every
 * {@code *Async} method:
 * <table class="striped">
 *   <caption>Where the dependent stages of a {@code *Async} future run</caption>
 *   <thead><tr><th>the call</th><th>its dependent stages run</th></tr></thead>
 *   <tbody>
 *   <tr><td>completes at once (a free lock or permit, an item in the queue, a set event)</td>
 *       <td>at once, on the calling thread</td></tr>
 *   <tr><td>waits, and was made on a loop's thread</td>
 *       <td>on that loop's thread, on a later iteration</td></tr>
 *   <tr><td>waits, and was made on any other thread</td>
 *       <td>on the thread that frees it: the one calling {@code release()}, {@code set()},
 *       {@code signal()}, {@code putNowait()}, {@code taskDone()} and the like, or the loop
 *       thread of the task that did</td></tr>
 *   <tr><td>a stream, server or subprocess wait</td>
 *       <td>on the loop that the stream, server or child belongs to</td></tr>
 *   </tbody>
 * </table>
 * To run a stage elsewhere, give it an executor: {@code thenApplyAsync(fn, executor)},
 * {@code thenComposeAsync(fn, executor)}, {@code whenCompleteAsync(fn, executor)}; an
 * {@link dev.asyncio4j.EventLoop} is an executor for its own thread. The non-async stages of an
 * off-loop waiter hold up the thread that freed the primitive (perhaps another loop's): keep
 * them short, or move them.
 *
 * <h2>Architecture</h2>
 * The layers, each using only the ones below it; every file of this package is named once, under
 * its layer.
 * <pre>
 *  Redis             dev.asyncio4j.redis (module asyncio4j-redis): the same interfaces across
 *                    processes; beside the bridge, on the primitives' interfaces only.
 *  ---------------------------------------------------------------------------------------------
 *  Kotlin bridge     dev.asyncio4j.kotlin (module asyncio4j-kotlin): Dispatcher, Run, Tasks,
 *   (suspend fns)    Waiting, Primitives, Queues, Select, Flows, Streams, Subprocesses; it
 *                    reaches the layers below through their public API and the waiter core's
 *                    one door.
 *  ---------------------------------------------------------------------------------------------
 *  I/O on the loop   IoSelector (the selector), Transport, SocketTransport, Connecting, Server,
 *                    Connection, ReadSource, StreamReader, StreamWriter, IncompleteReadException,
 *                    LimitOverrunException; Subprocess, SubprocessOptions, Stdio, Communicated,
 *                    ReadPipe, WritePipe, PumpThreads
 *  ---------------------------------------------------------------------------------------------
 *  Loop              EventLoop, Handle, TimerHandle, LoopWork, ScheduledLoopTask (the executor
 *                    face), MainInterrupts, LoopMonitor, EventLoopMXBean, SlowCallbackEvent,
 *                    TaskGraph, Awaiting
 *  ---------------------------------------------------------------------------------------------
 *  Tasks, futures    LibraryFuture (cancel kinds; the await-point table), AwaitPoints, Task,
 *                    ForwardingStage, UnretrievedFailure, TaskGroup, ExceptionGroup, Asyncio
 *                    (module functions), Sleep, Gather, WaitFor, Wait, WaitResult, ReturnWhen,
 *                    Timeout, Wrapped, Stages
 *  ---------------------------------------------------------------------------------------------
 *  Primitives        AsyncLock, AsyncSemaphore, AsyncEvent, AsyncQueue (the interfaces); Lock,
 *                    Semaphore, BoundedSemaphore, Event, Condition, Barrier, Queue, LifoQueue,
 *                    PriorityQueue, Acquirable (the blocking acquires of Lock and Semaphore),
 *                    ItemStore, Guard (withLock/withPermit), QueueEmptyException,
 *                    QueueFullException, QueueShutDownException
 *  ---------------------------------------------------------------------------------------------
 *  Waiter core       Waiter (one node: its states, resume, accept or give back), WaiterQueue
 *                    (FIFO), WaiterFuture (a future's strategy), ThreadWaiter (a blocked
 *                    thread's strategy), Synchronizer (the mutex, the grant-then-dispatch idiom,
 *                    invariant()), WaiterSpi (the bridge's one door), VarHandles
 * </pre>
 * A primitive grants under its mutex and dispatches outside it; a waiter does not know whether a
 * future or a continuation waits on it. Tasks drive Java coroutines from await point to await
 * point; the loop runs callbacks, timers and, once a channel is registered, I/O readiness.
 */
package dev.asyncio4j;
