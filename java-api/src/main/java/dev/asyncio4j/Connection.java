package dev.asyncio4j;

/**
 * The two ends of a connection: what {@link Asyncio#openConnection} gives. asyncio: the
 * {@code (reader, writer)} pair that {@code asyncio.open_connection()} returns.
 *
 * @param reader reads what the peer sends
 * @param writer writes to the peer
 */
public record Connection(StreamReader reader, StreamWriter writer) {
}
