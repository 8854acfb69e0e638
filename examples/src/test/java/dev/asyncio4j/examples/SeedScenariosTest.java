package dev.asyncio4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every seed example, in Java and in Kotlin, on a virtual clock, prints line by line what its
 * Python original printed under CPython 3.11 (src/test/resources/expected/NAME.txt, written by
 * running examples/python/NAME.py; Barrier reprs mapped to Barrier.toString()).
 * A file NAME.kotlin.txt would hold a Kotlin-only difference; there is none.
 */
class SeedScenariosTest {

    static Stream<Arguments> scenarios() {
        return Scenarios.ALL.stream().flatMap(s -> Stream.of(Arguments.of(s.getName(), "Java"), Arguments.of(s.getName(), "Kotlin")));
    }

    static List<String> expected(String name, String language) throws IOException {
        InputStream own = SeedScenariosTest.class.getResourceAsStream("/expected/" + name + "." + language.toLowerCase() + ".txt");
        try (InputStream in = own != null ? own : SeedScenariosTest.class.getResourceAsStream("/expected/" + name + ".txt")) {
            assertNotNull(in, "no expected output for " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("scenarios")
    void printsWhatCPythonPrints(String name, String language) throws IOException {
        List<String> lines = new ArrayList<>();
        Scenarios.find(name).run(lines::add, language.equals("Kotlin"), false);
        assertEquals(expected(name, language), lines);
    }

    @Test
    void everyScenarioHasItsPythonOriginal() {
        Path root = Path.of("").toAbsolutePath();
        for (Scenario scenario : Scenarios.ALL) {
            Path python = root.resolve(scenario.getPython().replaceFirst("^examples/", ""));
            assertTrue(Files.isRegularFile(python), "missing " + python);
        }
    }
}
