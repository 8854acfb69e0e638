package dev.asyncio4j;

import static dev.asyncio4j.Testing.runStepsInCallbacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A user who meets {@link QueueShutDownException} in a log learns from its message what happened (issue 17, item 6). */
class QueueShutDownExceptionTest {

    private static final String SAYS = "queue is shut down";

    @Test
    void putOnAShutDownQueueSaysTheQueueIsShutDown() {
        Queue<String> q = new Queue<>();
        q.shutdown();
        assertMessage(assertThrows(QueueShutDownException.class, () -> q.putNowait("a")));
    }

    @Test
    void getOnAShutDownEmptyQueueSaysTheQueueIsShutDown() {
        Queue<String> q = new Queue<>();
        q.shutdown();
        runStepsInCallbacks(() -> assertMessage(assertThrows(QueueShutDownException.class, q::getNowait)));
    }

    @Test
    void waitingGetFailedByShutdownSaysTheQueueIsShutDown() {
        Queue<String> q = new Queue<>();
        List<CompletableFuture<String>> get = new ArrayList<>();
        runStepsInCallbacks(
                () -> get.add(q.getAsync()),
                q::shutdown,
                () -> assertMessage(assertThrows(CompletionException.class, get.get(0)::join).getCause()));
    }

    @Test
    void explicitMessageIsKept() {
        assertEquals("mine", new QueueShutDownException("mine").getMessage());
    }

    private static void assertMessage(Throwable thrown) {
        assertTrue(thrown instanceof QueueShutDownException, String.valueOf(thrown));
        String message = thrown.getMessage();
        assertTrue(message != null && message.contains(SAYS), "message: " + message);
    }
}
