package io.iotls.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packets cut out of data that arrives in pieces of any size, as TLS records deliver it to the I/O thread. */
class FrameAssemblerTest {
    /** A frame of type {@code first} with a body of {@code length} bytes, each its index mod 251. */
    private static byte[] frame(int first, int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) body[i] = (byte) (i % 251);
        return new MqttWriter(length + 5).u8(first).variableByteInteger(length).raw(body).toByteArray();
    }

    private static final int[] LENGTHS = {0, 1, 2, 127, 128, 16_383, 16_384, 70_000, 1_200_000};

    /** Every frame of {@link #LENGTHS}, back to back, with first bytes 0x30, 0x31, ... */
    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < LENGTHS.length; i++) out.writeBytes(frame(0x30 + i, LENGTHS[i]));
        return out.toByteArray();
    }

    private static void assertAllWhole(List<FrameReader.Frame> frames) {
        assertThat(frames).hasSize(LENGTHS.length);
        for (int i = 0; i < LENGTHS.length; i++) {
            assertThat(frames.get(i).firstByte()).isEqualTo(0x30 + i);
            byte[] expected = new byte[LENGTHS[i]];
            for (int j = 0; j < expected.length; j++) expected[j] = (byte) (j % 251);
            assertThat(frames.get(i).body()).as("body %d", i).isEqualTo(expected);
        }
    }

    @Test
    void packetsComeOutWholeWhateverTheSizeOfThePieces() throws Exception {
        byte[] all = stream();
        for (int piece : new int[] {1, 2, 3, 5, 16_384, all.length}) {
            List<FrameReader.Frame> frames = new ArrayList<>();
            FrameAssembler assembler = new FrameAssembler(1 << 22);
            for (int off = 0; off < all.length; off += piece) {
                assembler.accept(all, off, Math.min(piece, all.length - off), frames::add);
            }
            assertAllWhole(frames);
            assertThat(assembler.idle()).isTrue();
        }
    }

    @Test
    void packetsComeOutWholeFromRandomPieces() throws Exception {
        byte[] all = stream();
        Random random = new Random(42);
        List<FrameReader.Frame> frames = new ArrayList<>();
        FrameAssembler assembler = new FrameAssembler(1 << 22);
        for (int off = 0; off < all.length; ) {
            int piece = Math.min(all.length - off, 1 + random.nextInt(40_000));
            assembler.accept(all, off, piece, frames::add);
            off += piece;
        }
        assertAllWhole(frames);
    }

    @Test
    void aPacketStartedAndNotFinishedLeavesTheAssemblerBusy() throws Exception {
        byte[] f = frame(0x30, 100);
        FrameAssembler assembler = new FrameAssembler(1_000);
        List<FrameReader.Frame> frames = new ArrayList<>();
        assembler.accept(f, 0, 50, frames::add);
        assertThat(frames).isEmpty();
        assertThat(assembler.idle()).isFalse();
    }

    @Test
    void aLengthAboveTheMaximumIsRefusedBeforeTheBodyArrives() {
        byte[] header = {0x30, (byte) 0x88, 0x27}; // 5,000
        assertThatThrownBy(() -> new FrameAssembler(1_000).accept(header, 0, header.length, f -> {}))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("exceeds the maximum packet size of 1000");
    }

    @Test
    void aRemainingLengthOfFiveBytesIsMalformed() {
        byte[] header = {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThatThrownBy(() -> new FrameAssembler(Integer.MAX_VALUE).accept(header, 0, header.length, f -> {}))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("longer than 4 bytes");
    }
}
