package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes CONNECT (MQTT 3.1.1 3.1, MQTT 5 3.1) with a client id, keep-alive and clean start; no will, no credentials yet. */
public final class ConnectEncoder {
    private ConnectEncoder() {}

    public static byte[] encode(MqttVersion version, String clientId, int keepAliveSeconds, boolean cleanStart) {
        if (keepAliveSeconds < 0 || keepAliveSeconds > 65535) throw new IllegalArgumentException("keep-alive must be 0..65535 s");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(version.level());
        body.write(cleanStart ? 0x02 : 0x00);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        if (version == MqttVersion.V5) body.write(0); // properties: none
        writeString(body, clientId);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        VariableByteInteger.write(packet, body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 65535) throw new IllegalArgumentException("UTF-8 string longer than 65535 bytes");
        out.write(utf8.length >> 8);
        out.write(utf8.length & 0xFF);
        out.writeBytes(utf8);
    }
}
