package io.iotls.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames as the broker sends them: whole, cut short, or larger than allowed; small bodies and ones over 1 MiB. */
class FrameReaderTest {
    /** A PUBLISH-typed frame (0x30) whose remaining length says {@code announced} and whose body has {@code sent} bytes. */
    private static byte[] frame(int announced, int sent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        int v = announced;
        do {
            int digit = v % 128;
            v /= 128;
            out.write(v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
        byte[] body = new byte[sent];
        Arrays.fill(body, (byte) 7);
        out.writeBytes(body);
        return out.toByteArray();
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
