package dev.asyncio4j;

import java.nio.charset.StandardCharsets;

/**
 * What {@link Subprocess#communicateAsync} returns: asyncio's {@code (stdout, stderr)} pair. A
 * stream that is not a {@link Stdio#PIPE} is null (asyncio's {@code None}). The arrays are the
 * caller's: nothing else keeps them.
 *
 * @param stdout everything the child wrote to stdout, or null if stdout is not a pipe
 * @param stderr everything the child wrote to stderr, or null if stderr is not a pipe
 */
public record Communicated(byte[] stdout, byte[] stderr) {

    /** The sizes, and the start of each stream as UTF-8: what a log of a failed check needs. */
    @Override
    public String toString() {
        return "Communicated[stdout=" + describe(stdout) + ", stderr=" + describe(stderr) + "]";
    }

    private static String describe(byte[] bytes) {
        if (bytes == null) return "null";
        String text = new String(bytes, 0, Math.min(bytes.length, 60), StandardCharsets.UTF_8);
        return bytes.length + " bytes " + (bytes.length > 60 ? "'" + text + "...'" : "'" + text + "'");
    }
}
