package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.Queue;
import dev.asyncio4j.QueueEmptyException;
import dev.asyncio4j.QueueFullException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A FIFO queue shared by every process that names it: a Redis list. asyncio: {@code asyncio.Queue},
 * across processes. Made by {@link RedisPrimitives#queue(String, int, Class)}.
 *
 * <h2>States</h2>
 * The items are the list {@code name}, oldest first, each encoded by the queue's codec (JSON by
 * default, so {@code redis-cli lrange name 0 -1} shows them). The capacity is the key
 * {@code {name}:maxsize}, set when the name is first used. A put is one script (check the length,
 * push, publish on {@code asyncio4j:queue:<name>:put}); a get is one script (pop, publish on
 * {@code ...:get}), so the capacity holds across processes.
 *
 * <h2>Fairness</h2>
 * Items are FIFO. Waiting getters and putters are FIFO within one instance (they queue in this JVM
 * and one at a time waits in Redis), not across processes: Redis keeps no queue of them; a put
 * wakes the waiting getter of every process and they race for the item (the losers wait again).
 *
 * <h2>Cancellation</h2>
 * Cancelling a pending {@link #getAsync()} withdraws it; an item popped for it before the cancel
 * arrived is pushed back to the head, where it was. Cancelling a pending {@link #putAsync} withdraws
 * it; if its item was pushed before the cancel arrived, the item is removed again unless a getter
 * already took it (then it stays delivered: nothing is lost). A lost connection fails the pending
 * future (see {@link RedisPrimitives}).
 *
 * <h2>Threads</h2>
 * Thread-safe; futures made on an event loop's thread complete on that loop. {@code putNowait},
 * {@code getNowait} and the queries are one round trip on the calling thread.
 *
 * <p>asyncio differs, and so does {@link Queue}: no {@code taskDone}/{@code join}/{@code shutdown}
 * (the interface has none); waiters are not FIFO; a cancelled put whose item a getter already took
 * is delivered; items are copies (serialized), not the objects put.
 *
 * @param <E> the item type
 */
public final class RedisQueue<E> implements AsyncQueue<E> {
    // Delivery is exactly once while Redis answers. A command that times out may still have been
    // applied, and Redisson retries it: across a lost connection an item may be lost or doubled.

    private static final String PUT =
            "local max = tonumber(redis.call('get', KEYS[2]) or '0'); "
                    + "if max > 0 and redis.call('llen', KEYS[1]) >= max then return 0; end; "
                    + "redis.call('rpush', KEYS[1], ARGV[1]); redis.call('publish', ARGV[2], '1'); return 1;";
    private static final String GET =
            "local item = redis.call('lpop', KEYS[1]); "
                    + "if item then redis.call('publish', ARGV[1], '1'); end; return item;";
    private static final String UNGET = // back to the head, where it was; wakes getters
            "redis.call('lpush', KEYS[1], ARGV[1]); redis.call('publish', ARGV[2], '1'); return 1;";
    private static final String UNPUT = // the last equal item, if no getter took it
            "if redis.call('lrem', KEYS[1], -1, ARGV[1]) > 0 then redis.call('publish', ARGV[2], '1'); end; return 1;";

    private final RedisPrimitives owner;
    private final String name;
    private final int maxsize;
    private final Codec codec;
    private final RScript script;
    private final List<Object> keys;
    private final Wakeups putWakeups;
    private final Wakeups getWakeups;
    /** This instance's getters and putters, each in FIFO order: one of each at a time waits in Redis. */
    private final Requests.Turns getTurns, putTurns;

    RedisQueue(RedisPrimitives owner, String name, int maxsize, Codec codec) {
        this.owner = owner;
        this.name = name;
        this.codec = codec;
        String maxsizeKey = "{" + name + "}:maxsize"; // same hash slot as the list
        this.keys = List.of(name, maxsizeKey);
        this.script = owner.client().getScript(ByteArrayCodec.INSTANCE);
        var stored = owner.client().<String>getBucket(maxsizeKey, StringCodec.INSTANCE);
        Requests.sync(stored.setIfAbsentAsync(String.valueOf(maxsize)));
        String value = Requests.sync(stored.getAsync());
        this.maxsize = value == null ? maxsize : Integer.parseInt(value);
        this.putWakeups = owner.wakeups("asyncio4j:queue:" + name + ":put");
        this.getWakeups = owner.wakeups("asyncio4j:queue:" + name + ":get");
        this.getTurns = owner.turns("get\u0000" + name);
        this.putTurns = owner.turns("put\u0000" + name);
    }

    /**
     * asyncio: {@code await q.put(item)}. Waits while the queue is full.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there; asked for on any other thread, its dependent stages run on this
     * instance's callback threads, never on Redisson's I/O thread (see {@link RedisPrimitives}).
     * Move them with {@code thenApplyAsync(fn, executor)}.
     *
     * @return a future that completes once the item is in the list
     */
    @Override
    public CompletableFuture<Void> putAsync(E item) {
        byte[] encoded;
        try {
            encoded = encode(item);
        } catch (RuntimeException bad) {
            return CompletableFuture.failedFuture(bad);
        }
        return owner.requests.request(stop -> putTurns.inTurn(stop, () -> getWakeups.retryUntil(() -> tryPut(encoded), stop)),
                new Requests.Grant<Boolean, Void>() {
                    @Override
                    public Void take(Boolean put) {
                        return null;
                    }

                    @Override
                    public void giveBack(Boolean put, boolean taken) {
                        script.evalAsync(name, RScript.Mode.READ_WRITE, UNPUT, RScript.ReturnType.BOOLEAN, keys,
                                encoded, bytes(getWakeups.channel()));
                    }
                });
    }

    /**
     * asyncio: {@code await q.get()}. Waits while the queue is empty.
     *
     * <p>Threads: asked for on an event loop's thread, the future completes on that loop, and its
     * dependent stages run there; asked for on any other thread, its dependent stages run on this
     * instance's callback threads, never on Redisson's I/O thread (see {@link RedisPrimitives}).
     * Move them with {@code thenApplyAsync(fn, executor)}.
     *
     * @return a future of the oldest item; cancelling it never loses an item
     */
    @Override
    public CompletableFuture<E> getAsync() {
        return owner.requests.request(stop -> getTurns.inTurn(stop, () -> putWakeups.retryUntil(this::tryGet, stop)),
                new Requests.Grant<byte[], E>() {
                    @Override
                    public E take(byte[] item) {
                        return decode(item);
                    }

                    @Override
                    public void giveBack(byte[] item, boolean taken) {
                        script.evalAsync(name, RScript.Mode.READ_WRITE, UNGET, RScript.ReturnType.BOOLEAN, keys,
                                item, bytes(putWakeups.channel()));
                    }
                });
    }

    /**
     * asyncio: {@code q.put_nowait(item)}; one round trip.
     *
     * @throws QueueFullException if the list is at its capacity
     */
    @Override
    public void putNowait(E item) {
        if (Requests.sync(tryPut(encode(item))) == null) throw new QueueFullException("queue '" + name + "' is full");
    }

    /**
     * asyncio: {@code q.get_nowait()}; one round trip.
     *
     * @throws QueueEmptyException if the list is empty
     */
    @Override
    public E getNowait() {
        byte[] item = Requests.sync(tryGet());
        if (item == null) throw new QueueEmptyException("queue '" + name + "' is empty");
        return decode(item);
    }

    /** One put: true if pushed, null if full. */
    private CompletionStage<Boolean> tryPut(byte[] encoded) {
        CompletionStage<Boolean> put = script.evalAsync(name, RScript.Mode.READ_WRITE, PUT, RScript.ReturnType.BOOLEAN,
                keys, encoded, bytes(putWakeups.channel()));
        return put.thenApply(done -> done ? Boolean.TRUE : null);
    }

    /** One get: the encoded item, or null if empty. */
    private CompletionStage<byte[]> tryGet() {
        return script.evalAsync(name, RScript.Mode.READ_WRITE, GET, RScript.ReturnType.VALUE, keys,
                bytes(getWakeups.channel()));
    }

    private byte[] encode(E item) {
        Objects.requireNonNull(item, "item");
        try {
            ByteBuf buf = codec.getValueEncoder().encode(item);
            try {
                return ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + item.getClass().getName() + " for queue '" + name + "'", e);
        }
    }

    @SuppressWarnings("unchecked")
    private E decode(byte[] item) {
        try {
            return (E) codec.getValueDecoder().decode(Unpooled.wrappedBuffer(item), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode an item of queue '" + name + "'", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * asyncio: {@code q.qsize()}; one round trip.
     *
     * @return the items in the list
     */
    @Override
    public int qsize() {
        return Requests.sync(owner.client().getList(name, ByteArrayCodec.INSTANCE).sizeAsync());
    }

    /**
     * asyncio: {@code q.maxsize}.
     *
     * @return the capacity stored for the name; 0: unbounded
     */
    @Override
    public int maxsize() {
        return maxsize;
    }

    /** asyncio: {@code q.empty()}; one round trip. */
    @Override
    public boolean empty() {
        return qsize() == 0;
    }

    /** asyncio: {@code q.full()}; one round trip. An unbounded queue is never full. */
    @Override
    public boolean full() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    @Override
    public String toString() {
        return "<RedisQueue " + name + " maxsize=" + maxsize + ">";
    }
}
