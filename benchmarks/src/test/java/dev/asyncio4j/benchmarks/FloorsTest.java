package dev.asyncio4j.benchmarks;

import static dev.asyncio4j.benchmarks.Scenarios.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every floor runs its whole scenario and passes the scenario's own check (which throws when wrong). */
class FloorsTest {
    @Test
    void javaFloorsRunS5ToS7AndS10ToTheirChecks() {
        assertEquals(sumBelow(S5_ITEMS), JavaScenarios.s5Queue(new CompletableFutureFloor()));
        assertEquals(S6_OPS, JavaScenarios.s6EventFanOut(new CompletableFutureFloor()));
        assertEquals(S7_INDEX_SUM, JavaScenarios.s7Barrier(new CompletableFutureFloor()));
        assertEquals(sumBelow(S10_ITEMS), JavaScenarios.s10ConditionBuffer(new CompletableFutureFloor()));
    }

    @Test
    void kotlinFloorsRunS5ToS8AndS10ToTheirChecks() {
        assertEquals(sumBelow(S5_ITEMS), KotlinFloors.s5KotlinFloor());
        assertEquals(S6_OPS, KotlinFloors.s6KotlinFloor());
        assertEquals(S7_INDEX_SUM, KotlinFloors.s7KotlinFloor());
        assertEquals(sumBelow(S8_TASKS), KotlinFloors.s8KotlinFloor());
        assertEquals(sumBelow(S10_ITEMS), KotlinFloors.s10KotlinFloor());
    }
}
