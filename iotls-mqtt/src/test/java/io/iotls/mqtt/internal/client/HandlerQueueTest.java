package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.Qos;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Handlers behind the network: reading pauses by message count or by payload bytes, and resumes once they catch up. */
class HandlerQueueTest {
    private static MqttMessage message(int i, int payloadBytes) {
        return MqttMessage.of("m" + i, new byte[payloadBytes], Qos.AT_MOST_ONCE, false);
    }

    private void pausesAndResumes(int count, int payloadBytes) throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        HandlerQueue queue = new HandlerQueue(m -> {
            try {
                blocked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(m.topic());
        });
        AtomicInteger pauses = new AtomicInteger();
        CountDownLatch resumed = new CountDownLatch(1);
        HandlerQueue.Source connection = on -> {
            if (on) resumed.countDown();
            else pauses.incrementAndGet();
        };
        for (int i = 0; i < count; i++) queue.add(message(i, payloadBytes), connection);
        assertThat(pauses).as("reading paused once, while the handler is stuck").hasValue(1);
        assertThat(resumed.getCount()).as("not resumed yet").isEqualTo(1);
        blocked.countDown();
        assertThat(resumed.await(10, TimeUnit.SECONDS)).as("resumed once the handler caught up").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.size() < count && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(handled).hasSize(count);
        for (int i = 0; i < count; i++) assertThat(handled.get(i)).isEqualTo("m" + i);
    }

    @Test
    void manySmallMessagesPauseReadingByCount() throws Exception {
        pausesAndResumes(HandlerQueue.PAUSE_AT + 10, 10);
    }

    @Test
    void aConnectionThatCameAfterThePauseIsPausedToo() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        HandlerQueue queue = new HandlerQueue(m -> {
            try {
                blocked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> events = new CopyOnWriteArrayList<>();
        HandlerQueue.Source lost = on -> events.add("lost " + on);
        HandlerQueue.Source reconnected = on -> events.add("reconnected " + on);
        for (int i = 0; i < HandlerQueue.PAUSE_AT + 5; i++) queue.add(message(i, 10), lost);
        for (int i = 0; i < 5; i++) queue.add(message(i, 10), reconnected); // still far behind: this one stops too
        assertThat(events).containsExactly("lost false", "reconnected false");
        blocked.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.size() < 4 && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(events).containsExactlyInAnyOrder("lost false", "reconnected false", "lost true", "reconnected true");
    }

    @Test
    void fewLargeMessagesPauseReadingByBytes() throws Exception {
        pausesAndResumes(12, 1 << 20); // 12 MiB in 12 messages, far fewer than the count limit
    }
}
