package dev.asyncio4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildSmokeTest {
    @Test
    void javaAndKotlinTestSourcesCompileTogether() {
        assertTrue(BuildSmokeKtKt.kotlinSeesJava());
    }
}
