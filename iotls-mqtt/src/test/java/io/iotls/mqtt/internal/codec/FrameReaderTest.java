package io.iotls.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames as the broker sends them: whole, cut short, or larger than allowed; small bodies and ones over 1 MiB. */
class FrameReaderTest {
    /** A PUBLISH-typed frame (0x30) whose remaining length says {@code announced} and whose body has {@code sent} bytes. */
    private static byte[] frame(int announced, int sent) {
        byte[] body = new byte[sent];
        Arrays.fill(body, (byte) 7);
        return new MqttWriter(sent + 5).u8(0x30).variableByteInteger(announced).raw(body).toByteArray();
    }

    @Test
    void smallAndLargeBodiesArriveWhole() throws Exception {
        for (int length : new int[] {0, 10, 20_000, 1_500_000}) {
            FrameReader.Frame f = new FrameReader(new ByteArrayInputStream(frame(length, length)), 1 << 22).read();
            assertThat(f.firstByte()).isEqualTo(0x30);
            byte[] expected = new byte[length];
            Arrays.fill(expected, (byte) 7);
            assertThat(f.body()).isEqualTo(expected);
        }
    }

    @Test
    void aBodyCutShortIsAnEndOfStreamThatSaysHowMuchCame() {
        for (int length : new int[] {10, 1_500_000}) {
            assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frame(length, 3)), 1 << 22).read())
                    .isInstanceOf(EOFException.class).hasMessageContaining("(3 of " + length + " bytes)");
        }
    }

    @Test
    void aLengthAboveTheMaximumIsRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frame(5_000, 0)), 1_000).read())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("exceeds the maximum packet size of 1000");
    }
}
