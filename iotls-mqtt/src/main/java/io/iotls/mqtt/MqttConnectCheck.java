package io.iotls.mqtt;

import io.iotls.mqtt.internal.codec.ConnAckDecoder;
import io.iotls.mqtt.internal.codec.ConnectEncoder;
import io.iotls.transport.TlsConnection;
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
        connection.readTimeout(timeout);
        connection.output().write(ConnectEncoder.encode(version, clientId, 60, true));
        ConnAck ack = ConnAckDecoder.read(connection.input(), version);
        connection.readTimeout(Duration.ZERO);
        return ack;
    }
}
