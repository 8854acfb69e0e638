package dev.asyncio4j.redis;

import dev.asyncio4j.AsyncQueue;
import dev.asyncio4j.QueueEmptyException;
import dev.asyncio4j.QueueFullException;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RedisQueueTest extends RedisTestBase {

    record Job(String id, int priority) {
    }

    public static class Bean {
        private String name;
        private List<Integer> values;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<Integer> getValues() {
            return values;
        }

        public void setValues(List<Integer> values) {
            this.values = values;
        }
    }

    @Test
    void itemsAreFifoAcrossInstances() {
        String name = Clients.unique("queue");
        AsyncQueue<String> in = a.queue(name, 0, String.class), out = b.queue(name, 0, String.class);
        in.putNowait("one");
        in.putNowait("two");
        assertEquals(2, out.qsize());
        assertEquals("one", out.getNowait());
        assertEquals("two", out.getNowait());
        assertTrue(out.empty());
        assertThrows(QueueEmptyException.class, out::getNowait);
        assertFalse(out.full());
    }

    @Test
    void itemsAreJsonInRedis() {
        String name = Clients.unique("queue");
        a.queue(name, 0, Job.class).putNowait(new Job("j1", 3));
        a.queue(name + "-n", 0, Integer.class).putNowait(42);
        a.queue(name + "-s", 0, String.class).putNowait("hi");
        assertEquals(List.of("{\"id\":\"j1\",\"priority\":3}"), client.getList(name, StringCodec.INSTANCE).readAll());
        assertEquals(List.of("42"), client.getList(name + "-n", StringCodec.INSTANCE).readAll());
        assertEquals(List.of("\"hi\""), client.getList(name + "-s", StringCodec.INSTANCE).readAll());
        assertEquals(new Job("j1", 3), b.queue(name, 0, Job.class).getNowait());
        assertEquals(42, b.queue(name + "-n", 0, Integer.class).getNowait());
    }

    @Test
    void beansRoundTrip() {
        String name = Clients.unique("queue");
        Bean bean = new Bean();
        bean.setName("x");
        bean.setValues(List.of(1, 2));
        a.queue(name, 0, Bean.class).putNowait(bean);
        Bean back = b.queue(name, 0, Bean.class).getNowait();
        assertEquals("x", back.getName());
        assertEquals(List.of(1, 2), back.getValues());
    }

    @Test
    void boundedQueueIsFullAtItsMaxsizeSetWhenFirstUsed() throws Exception {
        String name = Clients.unique("queue");
        AsyncQueue<Integer> q = a.queue(name, 2, Integer.class);
        assertEquals(2, b.queue(name, 10, Integer.class).maxsize());
        q.putNowait(1);
        q.putNowait(2);
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(3));
        CompletableFuture<Void> put = b.queue(name, 2, Integer.class).putAsync(3);
        Thread.sleep(200);
        assertFalse(put.isDone());
        assertEquals(1, q.getNowait());
        put.get(10, TimeUnit.SECONDS);
        assertEquals(2, q.getNowait());
        assertEquals(3, q.getNowait());
    }

    @Test
    void getWaitsForAPutInAnotherInstance() throws Exception {
        String name = Clients.unique("queue");
        CompletableFuture<String> get = a.queue(name, 0, String.class).getAsync();
        Thread.sleep(200);
        assertFalse(get.isDone());
        b.queue(name, 0, String.class).putAsync("hello").get(10, TimeUnit.SECONDS);
        assertEquals("hello", get.get(10, TimeUnit.SECONDS));
    }

    @Test
    void cancelledGetLeavesItemsWhereTheyWere() throws Exception {
        String name = Clients.unique("queue");
        AsyncQueue<String> q = a.queue(name, 0, String.class);
        CompletableFuture<String> get = q.getAsync();
        Thread.sleep(100);
        assertTrue(get.cancel(false));
        q.putNowait("kept");
        assertEquals("kept", b.queue(name, 0, String.class).getAsync().get(10, TimeUnit.SECONDS));
    }
}
