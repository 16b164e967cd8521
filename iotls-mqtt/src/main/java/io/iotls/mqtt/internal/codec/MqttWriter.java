package io.iotls.mqtt.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes MQTT data types (1.5) into a packet body. */
final class MqttWriter {
    private final ByteArrayOutputStream out;

    MqttWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    MqttWriter u8(int v) {
        out.write(v);
        return this;
    }

    MqttWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) throw new IllegalArgumentException("two byte integer out of range: " + v);
        out.write(v >> 8);
        out.write(v & 0xFF);
        return this;
    }

    MqttWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException("four byte integer out of range: " + v);
        out.write((int) (v >> 24));
        out.write((int) (v >> 16) & 0xFF);
        out.write((int) (v >> 8) & 0xFF);
        out.write((int) v & 0xFF);
        return this;
    }

    MqttWriter variableByteInteger(int value) {
        if (value < 0 || value > Limits.MAX_VARIABLE_BYTE_INTEGER) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return this;
    }

    MqttWriter binary(byte[] b) {
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    MqttWriter utf8(String s) {
        return binary(utf8Bytes(s));
    }

    MqttWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] utf8Bytes(String s) {
        if (s.indexOf('\u0000') >= 0) throw new IllegalArgumentException("MQTT strings must not contain U+0000");
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) throw new IllegalArgumentException("MQTT string longer than 65,535 bytes");
        return b;
    }

    static int variableByteIntegerSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }
}
