package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

class ConnAckDecoderTest {
    private static ConnAck decode(MqttVersion v, int... bytes) throws Exception {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        FrameReader.Frame frame = new FrameReader(new ByteArrayInputStream(b), 1 << 20).read();
        if (frame == null) throw new EOFException();
        return ((MqttPacket.ConnAck) new PacketCodec(v).decode(frame)).toConnAck(v);
    }

    @Test
    void acceptedAndRefused311() throws Exception {
        assertThat(decode(MqttVersion.V3_1_1, 0x20, 0x02, 0x01, 0x00)).satisfies(a -> {
            assertThat(a.accepted()).isTrue();
            assertThat(a.sessionPresent()).isTrue();
        });
        assertThat(decode(MqttVersion.V3_1_1, 0x20, 0x02, 0x00, 0x05).describe()).isEqualTo("0x05 not authorized");
    }

    @Test
    void mqtt5ReasonCodeAndReasonString() throws Exception {
        ConnAck a = decode(MqttVersion.V5,
                0x20, 0x09,             // CONNACK, remaining length 9
                0x00, 0x87,             // flags, NOT_AUTHORIZED
                0x06,                   // properties length
                0x1F, 0x00, 0x03, 'n', 'o', '!'); // reason string "no!"
        assertThat(a.describe()).isEqualTo("0x87 NOT_AUTHORIZED (\"no!\")");
    }

    @Test
    void malformedInputsAreErrorsNotGuesses() {
        assertThatThrownBy(() -> decode(MqttVersion.V3_1_1, 0x21, 0x02, 0, 0)).hasMessageContaining("flags must be 0");
        assertThatThrownBy(() -> decode(MqttVersion.V3_1_1, 0x20, 0x03, 0, 0, 0)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("must be 2");
        assertThatThrownBy(() -> decode(MqttVersion.V3_1_1, 0x20, 0x02, 0x02, 0)).hasMessageContaining("bits 7-1 must be 0");
        assertThatThrownBy(() -> decode(MqttVersion.V5, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).hasMessageContaining("longer than 4 bytes");
        assertThatThrownBy(() -> decode(MqttVersion.V5, 0x20, 0xFF, 0xFF, 0x7F)).hasMessageContaining("exceeds the maximum packet size");
        assertThatThrownBy(() -> decode(MqttVersion.V3_1_1, 0x20)).isInstanceOf(EOFException.class);
    }

    @Test
    void connectIsEncodedAsTheSpecShows() {
        assertThat(new PacketCodec(MqttVersion.V3_1_1).encode(new MqttPacket.Connect(4, "ab", 60, true, null, null, null, Properties.NONE))).containsExactly(
                0x10, 14,                           // CONNECT, remaining length
                0, 4, 'M', 'Q', 'T', 'T', 4,        // protocol name, level 4
                0x02, 0, 60,                        // clean session, keep-alive 60
                0, 2, 'a', 'b');                    // client id
        assertThat(new PacketCodec(MqttVersion.V5).encode(new MqttPacket.Connect(5, "", 0, true, null, null, null, Properties.NONE))).containsExactly(
                0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 0, 0, 0, 0); // properties length 0, empty id
    }
}
