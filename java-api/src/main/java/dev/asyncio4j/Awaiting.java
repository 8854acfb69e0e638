package dev.asyncio4j;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A library future that stands for waiting on other stages ({@code gather}, {@code waitFor},
 * {@code wrapFuture}, {@code wait}, a task group's run): what it waits on, so that
 * {@link TaskGraph} can follow a task's await point down to the tasks it awaits (asyncio 3.14
 * records the same edges with {@code future_add_to_awaited_by}).
 */
interface Awaiting {

    /**
     * The stages this future waits on. Exact on the loop's thread; from another thread a
     * best-effort read, which may throw if the loop changes the list meanwhile.
     */
    List<? extends CompletionStage<?>> awaited();
}
