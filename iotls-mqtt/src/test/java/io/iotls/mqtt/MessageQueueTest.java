package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageQueueTest {
    private static MqttMessage m(int i) {
        return MqttMessage.of("q", "m" + i, Qos.AT_MOST_ONCE);
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsEveryDrop() {
        MessageQueue q = new MessageQueue(3, MessageQueue.OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 5; i++) q.offer(m(i));
        assertThat(q.overflowCount()).isEqualTo(2);
        assertThat(q.poll().payloadAsString()).isEqualTo("m2");
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void dropNewestKeepsTheOldest() {
        MessageQueue q = new MessageQueue(2, MessageQueue.OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < 4; i++) q.offer(m(i));
        assertThat(q.overflowCount()).isEqualTo(2);
        assertThat(q.poll().payloadAsString()).isEqualTo("m0");
        assertThat(q.poll().payloadAsString()).isEqualTo("m1");
        assertThat(q.poll()).isNull();
    }

    @Test
    void pollWaitsUpToItsTimeout() throws InterruptedException {
        MessageQueue q = new MessageQueue(1, MessageQueue.OverflowPolicy.DROP_OLDEST);
        assertThat(q.poll(Duration.ofMillis(50))).isNull();
        Thread.ofVirtual().start(() -> q.offer(m(9)));
        assertThat(q.poll(Duration.ofSeconds(5))).isNotNull();
    }
}
