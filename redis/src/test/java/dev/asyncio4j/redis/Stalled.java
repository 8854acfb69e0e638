package dev.asyncio4j.redis;

import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.redisson.misc.CompletableFutureWrapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client on the real server whose waiting requests (a semaphore's and a fair lock's acquire,
 * an event's read of its flag) are held back: they stay unanswered, as if still waiting in Redis, until the test answers them.
 * Everything else (tryAcquire, release, the queries) goes to Redis as usual. So a test can put a
 * request in the state "sent to Redis, not answered" and keep it there as long as it needs.
 */
final class Stalled {
    private final RedissonClient real;
    private final List<CompletableFuture<Object>> unanswered = new CopyOnWriteArrayList<>();

    Stalled(RedissonClient real) {
        this.real = real;
    }

    RedissonClient client() {
        return proxy(RedissonClient.class, real, (method, args) -> switch (method.getName()) {
            case "getPermitExpirableSemaphore" -> proxy(RPermitExpirableSemaphore.class, call(method, real, args),
                    stallOn("acquireAsync", 2));
            case "getFairLock" -> proxy(RLock.class, call(method, real, args), stallOn("lockAsync", 3));
            case "getBucket" -> ((String) args[0]).startsWith("asyncio4j:") ? null // the probe's
                    : proxy(RBucket.class, call(method, real, args), stallOn("isExistsAsync", 0));
            default -> null;
        });
    }

    /** The requests sent and not answered yet, oldest first. */
    List<CompletableFuture<Object>> unanswered() {
        return unanswered;
    }

    /** Answers every held-back request with {@code value}, as Redis would. */
    void answerAll(Object value) {
        for (CompletableFuture<Object> f : unanswered) f.complete(value);
        unanswered.clear();
    }

    /** Answers every held-back request with a failure: no grant, so nothing to give back. */
    void failAll() {
        for (CompletableFuture<Object> f : unanswered) f.completeExceptionally(new IllegalStateException("stalled"));
        unanswered.clear();
    }

    /** Holds back {@code name} with {@code arity} parameters; lets any other call through. */
    private Handler stallOn(String name, int arity) {
        return (method, args) -> {
            if (!method.getName().equals(name) || method.getParameterCount() != arity) return null;
            CompletableFuture<Object> answer = new CompletableFuture<>();
            unanswered.add(answer);
            return new CompletableFutureWrapper<>(answer);
        };
    }

    /** Gives the result of an intercepted call, or null to pass it to the real object. */
    private interface Handler {
        Object handle(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        return type.cast(Proxy.newProxyInstance(Stalled.class.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            Object mine = handler.handle(method, args);
            return mine != null ? mine : call(method, target, args);
        }));
    }

    private static Object call(Method method, Object target, Object[] args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
