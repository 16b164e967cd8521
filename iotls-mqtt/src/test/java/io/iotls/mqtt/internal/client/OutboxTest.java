package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static byte[] packet(int length, int seed) {
        byte[] p = new byte[length];
        new Random(seed).nextBytes(p);
        return p;
    }

    @Test
    void smallPacketsShareABatchInOrder() {
        Outbox outbox = new Outbox();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            byte[] p = packet(30, i);
            outbox.add(p);
            expected.writeBytes(p);
        }
        assertThat(outbox.bytes()).isEqualTo(3000);
        assertThat(outbox.nextBatch()).isEqualTo(expected.toByteArray());
        assertThat(outbox.isEmpty()).isTrue();
        assertThat(outbox.bytes()).isZero();
        assertThat(outbox.nextBatch()).isNull();
    }

    @Test
    void aBatchHoldsAboutOneRecordAndNothingIsLostOrReordered() {
        Outbox outbox = new Outbox();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random sizes = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] p = packet(1 + sizes.nextInt(3000), i);
            outbox.add(p);
            expected.writeBytes(p);
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (byte[] batch; (batch = outbox.nextBatch()) != null; ) {
            assertThat(batch.length).isLessThanOrEqualTo(Outbox.BATCH_BYTES);
            written.writeBytes(batch);
        }
        assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(outbox.bytes()).isZero();
    }

    @Test
    void aBigPacketGoesAloneAndUncopied() {
        Outbox outbox = new Outbox();
        byte[] small = packet(10, 1);
        byte[] big = packet(Outbox.BATCH_BYTES + 1, 2);
        outbox.add(small);
        outbox.add(big);
        outbox.add(small);
        assertThat(outbox.nextBatch()).isSameAs(small); // the big one does not fit with it
        assertThat(outbox.nextBatch()).isSameAs(big);
        assertThat(outbox.nextBatch()).isSameAs(small);
    }
}
