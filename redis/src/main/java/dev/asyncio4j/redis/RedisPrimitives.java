package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncEvent;
import dev.asyncio4j.AsyncLock;
import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.AsyncSemaphore;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.codec.Kryo5Codec;
import org.redisson.codec.TypedJsonJacksonCodec;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * asyncio's Lock, Semaphore, BoundedSemaphore, Event and Queue shared by several processes through
 * Redis (via Redisson). The handles implement the same interfaces as the in-JVM classes
 * ({@link AsyncLock}, {@link AsyncSemaphore}, {@link AsyncEvent}, {@link AsyncQueue}), so code
 * written against an interface runs on either; only the factory changes.
 *
 * <pre>{@code
 * try (RedisPrimitives redis = RedisPrimitives.connect("redis://127.0.0.1:6379")) {
 *     AsyncSemaphore fetch = redis.semaphore("fetch", 8);   // 8 permits for every process together
 *     fetch.withPermitAsync(() -> client.sendAsync(request, ofString())).join();
 * }
 * }</pre>
 *
 * <h2>Ownership</h2>
 * What is held (a lock, permits) belongs to this instance, normally one per process: any handle
 * it gave for a name, on any thread, may release what the instance holds under that name
 * (asyncio's primitives have no owner). Another instance releasing what it does not hold gets
 * {@link IllegalStateException}. Nothing is reentrant.
 *
 * <h2>Leases</h2>
 * Everything held has a lease in Redis (default {@value #DEFAULT_LEASE_SECONDS} s). A live instance
 * renews it every third of the lease; an instance whose process dies stops renewing, and what it
 * held comes back within one lease. Nothing stays taken for ever.
 *
 * <h2>Failures</h2>
 * The synchronous methods ({@code release}, {@code tryAcquire}, {@code set}, {@code putNowait},
 * the queries...) are one round trip on the calling thread and throw Redisson's exception if Redis
 * does not answer within the client's timeout. A future that waits fails with a
 * {@link org.redisson.client.RedisConnectionException} once a probe (every second while anything
 * waits) finds Redis gone, never hangs; Redisson reconnects by itself, and later calls work.
 *
 * <h2>Threads</h2>
 * Thread-safe. A future asked for on an event-loop thread completes on that loop, and cancelling
 * it (or the task awaiting it) withdraws the request. Other futures are completed by Redisson's
 * I/O thread, which wakes a thread blocked in {@code get()} at once, but every stage composed on
 * them runs on this instance's callback threads, so a continuation may call the synchronous
 * methods (on the I/O thread they would deadlock, and are refused). A grant that races a
 * cancellation goes back: nothing is lost. Ordering: a {@code release()}, {@code set()} or put is
 * applied in Redis before the waiter it wakes, in any process, resumes; within one JVM, actions
 * before it happen-before what that waiter does after.
 *
 * <p>asyncio differs: asyncio's primitives live in one event loop of one process. See each class
 * ({@link RedisLock}, {@link RedisSemaphore}, {@link RedisBoundedSemaphore}, {@link RedisEvent},
 * {@link RedisQueue}) for what holds across processes and what differs from the in-JVM class.
 */
public final class RedisPrimitives implements AutoCloseable {

    /** The default lease, in seconds. */
    public static final long DEFAULT_LEASE_SECONDS = 30;

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final RedissonClient client;
    private final boolean ownsClient;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    final Requests requests;
    final Holdings holdings;
    private final ConcurrentHashMap<String, Wakeups> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Requests.Turns> turns = new ConcurrentHashMap<>();

    private RedisPrimitives(RedissonClient client, boolean ownsClient, Duration lease) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asyncio4j-redis-leases");
            t.setDaemon(true);
            return t;
        });
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "asyncio4j-redis-callbacks");
            t.setDaemon(true);
            return t;
        });
        this.requests = new Requests(client, timer, callbacks, PROBE_INTERVAL);
        this.holdings = new Holdings(timer, lease);
    }

    /**
     * Connects to one Redis server with a client of its own, closed by {@link #close()}; lease 30 s.
     *
     * @param redisUri for example {@code "redis://127.0.0.1:6379"}
     * @return the factory of primitives on that server
     */
    public static RedisPrimitives connect(String redisUri) {
        return connect(redisUri, Duration.ofSeconds(DEFAULT_LEASE_SECONDS));
    }

    /**
     * Connects to one Redis server with a client of its own, closed by {@link #close()}. Commands
     * time out after 3 s and are retried once.
     *
     * @param redisUri for example {@code "redis://127.0.0.1:6379"}
     * @param lease how long what a dead process held stays taken
     * @return the factory of primitives on that server
     */
    public static RedisPrimitives connect(String redisUri, Duration lease) {
        Objects.requireNonNull(redisUri, "redisUri");
        checkLease(lease);
        Config config = new Config();
        config.setLockWatchdogTimeout(lease.toMillis()); // tryAcquire's locks: Redisson's watchdog
        config.useSingleServer().setAddress(redisUri).setTimeout(3000).setRetryAttempts(1).setRetryInterval(1000);
        return new RedisPrimitives(Redisson.create(config), true, lease);
    }

    /**
     * Uses a client that the caller configured and keeps: {@link #close()} leaves it open. Lease 30 s.
     *
     * @param client the Redisson client
     * @return the factory of primitives on the client's Redis
     */
    public static RedisPrimitives using(RedissonClient client) {
        return using(client, Duration.ofSeconds(DEFAULT_LEASE_SECONDS));
    }

    /**
     * Uses a client that the caller configured and keeps: {@link #close()} leaves it open.
     *
     * @param client the Redisson client; its timeouts bound how long a lost connection takes to fail
     * @param lease how long what a dead process held stays taken
     * @return the factory of primitives on the client's Redis
     */
    public static RedisPrimitives using(RedissonClient client, Duration lease) {
        Objects.requireNonNull(client, "client");
        checkLease(lease);
        return new RedisPrimitives(client, false, lease);
    }

    private static void checkLease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.toMillis() < 3) throw new IllegalArgumentException("lease too short: " + lease);
    }

    /**
     * A lock shared by every process that names it. asyncio: {@code asyncio.Lock()}.
     *
     * @param name the Redis key of the lock
     * @return a handle; handles for one name share what this instance holds
     */
    public AsyncLock lock(String name) {
        return new RedisLock(this, checkName(name));
    }

    /**
     * A semaphore shared by every process that names it. asyncio: {@code asyncio.Semaphore(permits)}.
     *
     * @param name the Redis key of the semaphore
     * @param permits the permits, set when the name is first used; a later count does not change them
     * @return a handle
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore semaphore(String name, int permits) {
        return new RedisSemaphore(this, checkName(name), checkPermits(permits));
    }

    /**
     * A bounded semaphore shared by every process that names it. asyncio:
     * {@code asyncio.BoundedSemaphore(permits)}.
     *
     * @param name the Redis key of the semaphore
     * @param permits the permits, set when the name is first used
     * @return a handle whose release without a held permit throws {@link IllegalStateException}
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore boundedSemaphore(String name, int permits) {
        return new RedisBoundedSemaphore(this, checkName(name), checkPermits(permits));
    }

    /**
     * An event shared by every process that names it. asyncio: {@code asyncio.Event()}.
     *
     * @param name the Redis key of the flag (and the pub/sub channel of its wake-ups)
     * @return a handle
     */
    public AsyncEvent event(String name) {
        return new RedisEvent(this, checkName(name));
    }

    /**
     * A FIFO queue shared by every process that names it. asyncio: {@code asyncio.Queue(maxsize)}.
     * Items are JSON (what {@code redis-cli} shows): strings, numbers, records, beans; a client
     * given to {@link #using} with a codec other than Redisson's default uses that codec.
     *
     * @param name the Redis key of the list
     * @param maxsize the capacity, set when the name is first used; 0 or less: unbounded
     * @param type the item type, for decoding
     * @param <E> the item type
     * @return a handle
     */
    public <E> AsyncQueue<E> queue(String name, int maxsize, Class<E> type) {
        Objects.requireNonNull(type, "type");
        Codec configured = client.getConfig().getCodec();
        Codec codec = configured == null || configured instanceof Kryo5Codec ? new TypedJsonJacksonCodec(type) : configured;
        return new RedisQueue<>(this, checkName(name), Math.max(0, maxsize), codec);
    }

    private static String checkName(String name) {
        return Objects.requireNonNull(name, "name");
    }

    private static int checkPermits(int permits) {
        if (permits < 0) throw new IllegalArgumentException("permits must be >= 0: " + permits);
        return permits;
    }

    RedissonClient client() {
        return client;
    }

    /** This instance's in-JVM FIFO of waiters for one name (see {@link Requests.Turns}). */
    Requests.Turns turns(String key) {
        return turns.computeIfAbsent(key, k -> new Requests.Turns());
    }

    /** The wake-ups of one pub/sub channel: one subscription per channel and instance. */
    Wakeups wakeups(String channel) {
        return channels.computeIfAbsent(channel, c -> new Wakeups(client, c));
    }

    long leaseMillis() {
        return lease.toMillis();
    }

    /**
     * Fails what still waits, stops renewing leases (what this instance holds comes back within
     * one lease, or at once when released first) and closes the client if {@link #connect} made it.
     */
    @Override
    public void close() {
        requests.close();
        holdings.close();
        channels.values().forEach(Wakeups::close);
        timer.shutdownNow();
        callbacks.shutdown();
        if (ownsClient) client.shutdown();
    }

    @Override
    public String toString() {
        return "<RedisPrimitives lease=" + lease + ", waiting:" + requests.pendingCount() + ">";
    }
}
