package io.iotls.mqtt.internal.codec;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** MQTT's variable byte integer (1.5.5 / 2.2.3): at most 4 bytes, at most 268,435,455. */
final class VariableByteInteger {
    static final int MAX = 268_435_455;

    private VariableByteInteger() {}

    static void write(ByteArrayOutputStream out, int value) {
        if (value < 0 || value > MAX) throw new IllegalArgumentException("variable byte integer out of range: " + value);
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    static int read(InputStream in) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed inside a remaining length");
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return value;
        }
        throw new MalformedPacketException("remaining length exceeds 4 bytes");
    }
}
