package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.ConnAck;
import io.iotls.mqtt.MqttVersion;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads the first packet from the broker and insists it is a well-formed CONNACK (3.2). */
public final class ConnAckDecoder {
    /** No CONNACK is larger than this: a bigger length is a broken or hostile peer, and nothing is allocated for it. */
    private static final int MAX_CONNACK = 64 * 1024;

    private ConnAckDecoder() {}

    public static ConnAck read(InputStream in, MqttVersion version) throws IOException {
        int first = in.read();
        if (first < 0) throw new EOFException("the broker closed the connection before sending CONNACK");
        if ((first >> 4) != 2) {
            throw new MalformedPacketException("expected CONNACK (type 2) as the first packet, got type " + (first >> 4));
        }
        if ((first & 0x0F) != 0) throw new MalformedPacketException("CONNACK fixed header flags must be 0, got " + (first & 0x0F));
        int length = VariableByteInteger.read(in);
        if (version == MqttVersion.V3_1_1 && length != 2) {
            throw new MalformedPacketException("MQTT 3.1.1 CONNACK remaining length must be 2, got " + length);
        }
        if (length < 2 || length > MAX_CONNACK) throw new MalformedPacketException("CONNACK remaining length " + length + " is invalid");
        byte[] body = in.readNBytes(length);
        if (body.length < length) throw new EOFException("connection closed inside CONNACK");
        if ((body[0] & 0xFE) != 0) {
            throw new MalformedPacketException("CONNACK acknowledge flags bits 7-1 must be 0, got " + Integer.toBinaryString(body[0] & 0xFF));
        }
        boolean sessionPresent = (body[0] & 1) == 1;
        int code = body[1] & 0xFF;
        Optional<String> reason = version == MqttVersion.V5 ? reasonString(body) : Optional.empty();
        return new ConnAck(version, sessionPresent, code, reason);
    }

    /** Finds property 0x1F (reason string) among the CONNACK properties; other properties are skipped here. */
    private static Optional<String> reasonString(byte[] body) throws MalformedPacketException {
        if (body.length == 2) return Optional.empty();
        var in = new java.io.ByteArrayInputStream(body, 2, body.length - 2);
        try {
            int propertiesLength = VariableByteInteger.read(in);
            if (propertiesLength > in.available()) throw new MalformedPacketException("CONNACK properties longer than the packet");
            byte[] props = in.readNBytes(propertiesLength);
            for (int i = 0; i < props.length; ) {
                int id = props[i++] & 0xFF;
                if (id == 0x1F) {
                    if (i + 2 > props.length) break;
                    int len = ((props[i] & 0xFF) << 8) | (props[i + 1] & 0xFF);
                    if (i + 2 + len > props.length) throw new MalformedPacketException("reason string longer than the properties");
                    return Optional.of(new String(props, i + 2, len, StandardCharsets.UTF_8));
                }
                i = skip(id, props, i);
            }
        } catch (MalformedPacketException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedPacketException("CONNACK properties are truncated");
        }
        return Optional.empty();
    }

    /** Skips one property value (MQTT 5 2.2.2.2) and returns the next index. */
    private static int skip(int id, byte[] p, int i) throws MalformedPacketException {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> i + 1; // byte
            case 0x13, 0x21, 0x22, 0x23 -> i + 2; // two byte integer
            case 0x02, 0x11, 0x18, 0x27 -> i + 4; // four byte integer
            case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x09, 0x16 -> i + 2 + (((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF));
            case 0x26 -> { // user property: string pair
                int k = i + 2 + (((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF));
                yield k + 2 + (((p[k] & 0xFF) << 8) | (p[k + 1] & 0xFF));
            }
            case 0x0B -> { // variable byte integer
                int k = i;
                while (k < p.length && (p[k] & 0x80) != 0) k++;
                yield k + 1;
            }
            default -> throw new MalformedPacketException(String.format("unknown CONNACK property 0x%02X", id));
        };
    }
}
