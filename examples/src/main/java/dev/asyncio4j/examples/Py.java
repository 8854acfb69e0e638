package dev.asyncio4j.examples;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the Python originals need that Java spells differently: seconds as a double, Python's repr of a list or dict. */
public final class Py {
    private Py() {
    }

    /** {@code asyncio.sleep(0.5)}'s argument: seconds. */
    public static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Python's {@code repr}: strings quoted, {@code True}/{@code False}, lists in brackets, dicts in braces. */
    public static String repr(Object value) {
        if (value instanceof String s) return "'" + s + "'";
        if (value instanceof Boolean b) return b ? "True" : "False";
        if (value instanceof List<?> list) return list.stream().map(Py::repr).collect(Collectors.joining(", ", "[", "]"));
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
