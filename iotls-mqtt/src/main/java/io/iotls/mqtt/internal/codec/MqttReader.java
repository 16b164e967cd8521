package io.iotls.mqtt.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads MQTT data types (1.5) from one packet's body, checking every length against the bytes left. */
final class MqttReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    MqttReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    MqttReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String what) throws MalformedPacketException {
        if (n > end - pos) throw new MalformedPacketException(what + " needs " + n + " bytes, only " + (end - pos) + " left");
    }

    int u8(String what) throws MalformedPacketException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int u16(String what) throws MalformedPacketException {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String what) throws MalformedPacketException {
        need(4, what);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    int variableByteInteger(String what) throws MalformedPacketException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = u8(what);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) throw new MalformedPacketException(what + ": variable byte integer not in its shortest form");
                return value;
            }
        }
        throw new MalformedPacketException(what + ": variable byte integer longer than 4 bytes");
    }

    int packetId(String packet) throws MalformedPacketException {
        int id = u16(packet + " packet identifier");
        if (id == 0) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, packet + " packet identifier must not be 0");
        return id;
    }

    byte[] binary(String what) throws MalformedPacketException {
        int len = u16(what + " length");
        need(len, what);
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    String utf8(String what) throws MalformedPacketException {
        int len = u16(what + " length");
        need(len, what);
        String s = decodeUtf8(buf, pos, len, what);
        pos += len;
        return s;
    }

    byte[] rest() {
        byte[] out = new byte[end - pos];
        System.arraycopy(buf, pos, out, 0, out.length);
        pos = end;
        return out;
    }

    /** MQTT 1.5.4: well-formed UTF-8, no U+0000 (surrogates cannot be encoded in well-formed UTF-8). */
    static String decodeUtf8(byte[] b, int off, int len, String what) throws MalformedPacketException {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException(what + " is not well-formed UTF-8");
        }
        if (s.indexOf('\u0000') >= 0) throw new MalformedPacketException(what + " contains U+0000");
        return s;
    }
}
