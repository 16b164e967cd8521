package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** A message is immutable: what goes in is copied, what comes out is a copy or a read-only view. */
class MqttMessageTest {
    @Test
    void theArrayGivenAndTheArrayReturnedAreCopies() {
        byte[] given = {1, 2, 3};
        MqttMessage m = MqttMessage.of("t", given, Qos.AT_MOST_ONCE, false);
        given[0] = 9;
        m.payload()[1] = 9;
        assertThat(m.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void thePayloadBufferIsAReadOnlyViewOfTheWholePayload() {
        MqttMessage m = MqttMessage.of("t", new byte[] {1, 2, 3}, Qos.AT_MOST_ONCE, false);
        ByteBuffer view = m.payloadBuffer();
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(3).isEqualTo(m.payloadLength());
        assertThat(view.get(2)).isEqualTo((byte) 3);
        assertThatThrownBy(() -> view.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        view.position(3); // a caller moving its view does not move the next one
        assertThat(m.payloadBuffer().remaining()).isEqualTo(3);
    }
}
