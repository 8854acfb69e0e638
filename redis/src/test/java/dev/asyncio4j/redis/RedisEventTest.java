package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncEvent;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RedisEventTest extends RedisTestBase {

    @Test
    void setClearIsSetAcrossInstances() {
        String name = Clients.unique("event");
        AsyncEvent mine = a.event(name), theirs = b.event(name);
        assertFalse(theirs.isSet());
        mine.set();
        assertTrue(theirs.isSet());
        theirs.clear();
        assertFalse(mine.isSet());
    }

    @Test
    void waitOnASetEventCompletes() throws Exception {
        AsyncEvent event = a.event(Clients.unique("event"));
        event.set();
        event.waitAsync().get(10, TimeUnit.SECONDS);
    }

    @Test
    void setWakesEveryWaiterInEveryInstanceEvenIfClearedAtOnce() throws Exception {
        String name = Clients.unique("event");
        RedissonClient other = Clients.client(RedisServerExtension.shared().uri()); // another connection
        RedisPrimitives c = RedisPrimitives.using(other);
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (RedisPrimitives p : List.of(a, b, c)) {
            for (int i = 0; i < 3; i++) waiters.add(p.event(name).waitAsync());
        }
        Thread.sleep(300);
        waiters.forEach(w -> assertFalse(w.isDone()));
        a.event(name).set();
        a.event(name).clear();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        c.close();
        other.shutdown();
    }

    @Test
    void cancelledWaitChangesNothing() throws Exception {
        AsyncEvent event = a.event(Clients.unique("event"));
        CompletableFuture<Void> w = event.waitAsync();
        assertTrue(w.cancel(false));
        CompletableFuture<Void> other = event.waitAsync();
        event.set();
        other.get(10, TimeUnit.SECONDS);
        assertTrue(w.isCancelled());
    }

    @Test
    void closingOneInstanceLeavesTheWaitersOfAnotherOnTheSameClient() throws Exception {
        String name = Clients.unique("event");
        RedisPrimitives closing = RedisPrimitives.using(client);
        CompletableFuture<Void> mine = a.event(name).waitAsync();
        CompletableFuture<Void> theirs = closing.event(name).waitAsync();
        Thread.sleep(200);
        closing.close();
        assertTrue(theirs.isCompletedExceptionally(), "close fails what still waits");
        b.event(name).set();
        mine.get(10, TimeUnit.SECONDS);
    }
}
