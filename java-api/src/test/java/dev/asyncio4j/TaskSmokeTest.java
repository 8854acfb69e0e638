package dev.asyncio4j;

import static dev.asyncio4j.TaskTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskSmokeTest {
    @Test
    void smoke() {
        Log log = new Log();
        String r = runVirtual(() -> {
            Task<String> t = Asyncio.createTask(() -> Asyncio.sleep(s(1), "x"));
            return t.thenApply(v -> { log.at("child " + v); return v + "y"; });
        });
        assertEquals("xy", r);
        assertEquals(java.util.List.of("child x @1"), log.lines());
    }
}
