package io.iotls.mqtt.internal.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one packet's fixed header and body from a stream. The remaining length is checked against the maximum
 * packet size before anything is allocated for it.
 */
public final class FrameReader {
    /** A packet as read: its first byte (type and flags) and its body. */
    public record Frame(int firstByte, byte[] body) {}

    /** A body up to this size is allocated whole before it is read; a bigger one as it arrives. */
    private static final int READ_IN_PLACE_MAX = 1 << 20;

    private final InputStream in;
    private volatile int maxPacketSize;

    public FrameReader(InputStream in, int maxPacketSize) {
        this.in = in;
        this.maxPacketSize = maxPacketSize;
    }

    public void maxPacketSize(int max) {
        this.maxPacketSize = max;
    }

    /** The next packet, or null at a clean end of stream between packets. */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        int length = 0;
        int headerBytes = 1;
        for (int i = 0; ; i++) {
            if (i == 4) throw new MalformedPacketException("remaining length longer than 4 bytes");
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed inside a fixed header");
            headerBytes++;
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) break;
        }
        long total = (long) headerBytes + length;
        if (total > maxPacketSize) {
            throw new MalformedPacketException(ReasonCodes.PACKET_TOO_LARGE, "incoming packet of " + total
                    + " bytes exceeds the maximum packet size of " + maxPacketSize + " (raise it with MqttClientOptions.maxPacketSize)");
        }
        byte[] body;
        int got;
        if (length <= READ_IN_PLACE_MAX) { // straight into the body, not through readNBytes' 8 KiB chunks and their copy
            body = new byte[length];
            got = in.readNBytes(body, 0, length);
        } else { // grows only as bytes really arrive: a length announced and not sent costs little
            body = in.readNBytes(length);
            got = body.length;
        }
        if (got < length) throw new EOFException("connection closed inside a packet (" + got + " of " + length + " bytes)");
        return new Frame(first, body);
    }
}
