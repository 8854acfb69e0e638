package dev.asyncio4j.examples;

import dev.asyncio4j.examples.service.ServiceDemo;
import dev.asyncio4j.examples.service.Summary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo. {@code examples/run} runs it with no arguments (built once, then started straight from
 * the JVM); {@code mvn -B -ntp -q -pl examples -am compile exec:java} also does, compiling first.
 * <ul>
 *   <li>no arguments, or only {@code --pages N --limit N --timeout SECONDS --seed N}: the
 *       mixed-language service demo, then the list of seed scenarios;</li>
 *   <li>{@code list}: the list of seed scenarios;</li>
 *   <li>{@code NAME [--kotlin] [--real-time]}: one seed scenario, in Java (default) or Kotlin, on
 *       a virtual clock (default: instant) or the real one;</li>
 *   <li>{@code all [--kotlin] [--real-time]}: every seed scenario, one after the other.</li>
 *   <li>{@code echo [--clients N] [--round-trips N]}: the TCP echo service ({@link EchoDemo}).</li>
 * </ul>
 */
public final class Demo {
    private static final String COMMAND = "examples/run";

    private Demo() {
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty() || rest.get(0).startsWith("--pages") || rest.get(0).startsWith("--limit")
                || rest.get(0).startsWith("--timeout") || rest.get(0).startsWith("--seed") || rest.get(0).equals("service")) {
            if (!rest.isEmpty() && rest.get(0).equals("service")) rest.remove(0);
            serviceDemo(rest);
            System.out.println();
            listScenarios();
            return;
        }
        String name = rest.remove(0);
        if (name.equals("echo")) {
            EchoDemo.main(rest, System.out);
            return;
        }
        boolean kotlin = rest.remove("--kotlin");
        boolean realTime = rest.remove("--real-time");
        if (name.equals("list")) {
            listScenarios();
            return;
        }
        if (!rest.isEmpty()) {
            usage("unknown option " + rest.get(0));
            return;
        }
        if (name.equals("all")) {
            for (Scenario scenario : Scenarios.ALL) runScenario(scenario, kotlin, realTime);
            return;
        }
        Scenario scenario = Scenarios.find(name);
        if (scenario == null) {
            usage("no scenario called " + name);
            return;
        }
        runScenario(scenario, kotlin, realTime);
    }

    private static void serviceDemo(List<String> args) throws IOException {
        ServiceDemo.Options options;
        try {
            options = ServiceDemo.Options.parse(args);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        System.out.println("asyncio4j service demo: an HTTP server on 127.0.0.1 serves " + options.pages()
                + " synthetic pages with random latency and errors;");
        System.out.println("Java fetches them with HttpClient under Semaphore(" + options.limit() + ") and waitFor("
                + options.timeout().toMillis() + " ms), Kotlin coroutines aggregate them from a Queue.");
        Summary summary = ServiceDemo.run(options, System.out);
        summary.lines().forEach(System.out::println);
    }

    private static void runScenario(Scenario scenario, boolean kotlin, boolean realTime) {
        System.out.println("# " + scenario.getName() + " in " + (kotlin ? "Kotlin" : "Java") + (realTime ? ", real time" : "")
                + " (Python original: " + scenario.getPython() + ")");
        scenario.run(Out.of(System.out), kotlin, realTime);
    }

    private static void listScenarios() {
        System.out.println("Seed scenarios: the asyncio tutorials' examples in Java and Kotlin, printing what CPython prints.");
        System.out.println("Run one (Java by default; --kotlin for Kotlin; --real-time to watch the delays):");
        System.out.println("  " + COMMAND + " restroom-lock --kotlin");
        System.out.println();
        for (Scenario scenario : Scenarios.ALL) {
            System.out.printf("  %-28s %s%n", scenario.getName(), scenario.getAbout());
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: [--pages N] [--limit N] [--timeout SECONDS] [--seed N]   the service demo");
        System.err.println("       list | all | NAME [--kotlin] [--real-time]              the seed scenarios");
        System.err.println("       echo [--clients N] [--round-trips N]                    the TCP echo service");
    }
}
