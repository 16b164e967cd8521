package io.iotls.mqtt.internal.codec;

import java.io.IOException;

/**
 * Cuts packets out of data as it arrives in pieces of any size (the push counterpart of {@link FrameReader}): a piece
 * may hold the end of one packet, several whole ones and the start of the next. The remaining length is checked against
 * the maximum packet size before anything is allocated for it.
 */
public final class FrameAssembler {
    /** Where whole packets go, in order. */
    @FunctionalInterface
    public interface Sink {
        void frame(FrameReader.Frame frame) throws IOException;
    }

    private static final byte[] EMPTY = new byte[0];
    /** A body up to this size is allocated whole; a bigger one grows as its bytes arrive. */
    private static final int ALLOCATE_WHOLE_MAX = 1 << 20;

    private volatile int maxPacketSize;
    private int firstByte = -1; // -1: between packets
    private int length;
    private int lengthBytes;
    private byte[] body; // null while the remaining length is being read
    private int bodyFilled;

    public FrameAssembler(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    public void maxPacketSize(int max) {
        this.maxPacketSize = max;
    }

    /** True between packets: no packet has been started and left unfinished. */
    public boolean idle() {
        return firstByte < 0;
    }

    /** Takes {@code len} bytes; every packet they complete goes to {@code sink} before this returns. */
    public void accept(byte[] data, int off, int len, Sink sink) throws IOException {
        int end = off + len;
        while (off < end) {
            if (firstByte < 0) {
                firstByte = data[off++] & 0xFF;
                length = 0;
                lengthBytes = 0;
            } else if (body == null) {
                int b = data[off++] & 0xFF;
                if (lengthBytes == 4) throw new MalformedPacketException("remaining length longer than 4 bytes");
                length |= (b & 0x7F) << (7 * lengthBytes);
                lengthBytes++;
                if ((b & 0x80) != 0) continue;
                long total = 1L + lengthBytes + length;
                if (total > maxPacketSize) {
                    throw new MalformedPacketException(ReasonCodes.PACKET_TOO_LARGE, "incoming packet of " + total
                            + " bytes exceeds the maximum packet size of " + maxPacketSize + " (raise it with MqttClientOptions.maxPacketSize)");
                }
                if (length == 0) {
                    emit(EMPTY, sink);
                } else {
                    body = new byte[Math.min(length, ALLOCATE_WHOLE_MAX)];
                    bodyFilled = 0;
                }
            } else {
                if (bodyFilled == body.length) body = java.util.Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
                int take = Math.min(body.length - bodyFilled, end - off);
                System.arraycopy(data, off, body, bodyFilled, take);
                bodyFilled += take;
                off += take;
                if (bodyFilled == length) emit(body, sink);
            }
        }
    }

    private void emit(byte[] packetBody, Sink sink) throws IOException {
        int first = firstByte;
        firstByte = -1;
        body = null;
        sink.frame(new FrameReader.Frame(first, packetBody));
    }
}
