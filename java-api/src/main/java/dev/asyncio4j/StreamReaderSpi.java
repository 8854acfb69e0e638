package dev.asyncio4j;

import java.util.Objects;

/**
 * Service-provider interface of {@link StreamReader} for another resumption strategy: the Kotlin
 * bridge's suspend functions. Applications use the reader's own methods instead.
 *
 * <p>A read's future completes with the bytes it took from the buffer. A Java caller holds them
 * from then on. A Kotlin coroutine may still be cancelled before it runs again (kotlinx's prompt
 * cancellation), and then never sees them: the bridge gives them back through {@link #unread}, so
 * that, as for a cancelled Java read, no byte is lost (DESIGN §6).
 */
public final class StreamReaderSpi {
    private StreamReaderSpi() {
    }

    /**
     * Puts {@code data}, which a read of {@code reader} returned, back at the front of its buffer,
     * on the reader's loop (now on its thread, else posted; dropped if the loop is closed). Any thread.
     *
     * @param reader the reader that returned {@code data}
     * @param data the bytes, in the order the read returned them
     */
    public static void unread(StreamReader reader, byte[] data) {
        Objects.requireNonNull(data, "data");
        reader.loop().runOrPost(() -> reader.unread(data));
    }
}
