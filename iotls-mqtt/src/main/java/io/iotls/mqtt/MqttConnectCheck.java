package io.iotls.mqtt;

import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.transport.TlsConnection;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends one CONNECT and reads the CONNACK: the smallest proof that a broker accepted this client, used by
 * {@code iotls probe}. In TLS 1.3 a broker that rejects the client certificate does so now, after the handshake;
 * that surfaces from here as the transport's {@link io.iotls.transport.HandshakeException}, unchanged.
 */
public final class MqttConnectCheck {
    private MqttConnectCheck() {}

    public static ConnAck connect(TlsConnection connection, MqttVersion version, String clientId, Duration timeout)
            throws IOException {
        PacketCodec codec = new PacketCodec(version);
        connection.readTimeout(timeout);
        connection.output().write(codec.encode(new MqttPacket.Connect(version.level(), clientId, 60, true, null, null, null,
                Properties.NONE)));
        FrameReader.Frame frame = new FrameReader(connection.input(), 64 * 1024).read();
        if (frame == null) throw new EOFException("the broker closed the connection before sending CONNACK");
        MqttPacket packet = codec.decode(frame);
        if (!(packet instanceof MqttPacket.ConnAck ack)) {
            throw new MalformedPacketException("expected CONNACK as the first packet, got " + packet.type());
        }
        connection.readTimeout(Duration.ZERO);
        return ack.toConnAck(version);
    }
}
