package io.iotls.mqtt.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes MQTT data types (1.5) into a packet body; {@link #packet} then makes the whole packet, fixed header (2.1.1)
 * included, as one array of exactly its size, with a PUBLISH payload copied once, straight into it.
 */
final class MqttWriter {
    private static final byte[] EMPTY = new byte[0];

    private byte[] buf;
    private int pos;

    MqttWriter(int sizeHint) {
        buf = new byte[Math.max(sizeHint, 16)];
    }

    private void ensure(int more) {
        if (pos + more > buf.length) buf = Arrays.copyOf(buf, Math.max(pos + more, buf.length * 2));
    }

    private void put(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void putAll(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    MqttWriter u8(int v) {
        put(v);
        return this;
    }

    MqttWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException("two byte integer out of range: " + v);
        put(v >> 8);
        put(v & 0xFF);
        return this;
    }

    MqttWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException("four byte integer out of range: " + v);
        put((int) (v >> 24));
        put((int) (v >> 16) & 0xFF);
        put((int) (v >> 8) & 0xFF);
        put((int) v & 0xFF);
        return this;
    }

    MqttWriter variableByteInteger(int value) {
        if (value < 0 || value > Limits.MAX_VARIABLE_BYTE_INTEGER) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        do {
            int digit = value % 128;
            value /= 128;
            put(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return this;
    }

    MqttWriter binary(byte[] b) {
        u16(b.length);
        putAll(b);
        return this;
    }

    MqttWriter utf8(String s) {
        return binary(utf8Bytes(s));
    }

    MqttWriter raw(byte[] b) {
        putAll(b);
        return this;
    }

    /** Bytes of body written so far. */
    int size() {
        return pos;
    }

    /** The body alone. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The whole packet: {@code firstByte} (type and flags), the Remaining Length, then the body. */
    byte[] packet(int firstByte) {
        return packet(firstByte, EMPTY);
    }

    /** The whole packet with {@code payload} after the body. */
    byte[] packet(int firstByte, byte[] payload) {
        byte[] packet = start(firstByte, payload.length, payload.length);
        System.arraycopy(payload, 0, packet, packet.length - payload.length, payload.length);
        return packet;
    }

    /** The packet up to where a payload of {@code payloadLength} bytes, sent separately, begins. */
    byte[] head(int firstByte, int payloadLength) {
        return start(firstByte, payloadLength, 0);
    }

    /** Fixed header and body, with room for {@code room} more bytes; the remaining length counts the whole payload. */
    private byte[] start(int firstByte, int payloadLength, int room) {
        int length = pos + payloadLength;
        if (length > Limits.MAX_VARIABLE_BYTE_INTEGER) throw new IllegalArgumentException("packet body too large: " + length);
        int headerLength = 1 + variableByteIntegerSize(length);
        byte[] packet = new byte[headerLength + pos + room];
        packet[0] = (byte) firstByte;
        int at = 1;
        do {
            int digit = length % 128;
            length /= 128;
            packet[at++] = (byte) (length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        System.arraycopy(buf, 0, packet, at, pos);
        return packet;
    }

    static byte[] utf8Bytes(String s) {
        MqttStrings.check("an MQTT string", s);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static int variableByteIntegerSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }
}
