package dev.asyncio4j.examples;

/** Placeholder entry point; the demo grows with the examples issue. */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.out.println("asyncio4j demo");
    }
}
