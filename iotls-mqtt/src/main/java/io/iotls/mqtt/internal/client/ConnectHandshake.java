package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.ConnAck;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttConnectException;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.internal.codec.FrameReader;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.PacketCodec;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.mqtt.internal.codec.Property;
import io.iotls.mqtt.internal.codec.ReasonCodes;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * CONNECT out and CONNACK in, on a link that is not yet shared with anyone (the attempt's own thread, no lock): what
 * the broker granted, or an exception that says why not. Reading waits at most the connect timeout.
 */
final class ConnectHandshake {
    /**
     * @param inflightWindow    the smaller of {@code maxInflight} and the broker's Receive Maximum
     * @param maximumPacketSize the broker's Maximum Packet Size, {@link Integer#MAX_VALUE} when it set none
     * @param topicAliasMaximum aliases we may use toward the broker (0: none, or turned off)
     */
    record Granted(ConnAck ack, int inflightWindow, long maximumPacketSize, int topicAliasMaximum) {}

    private ConnectHandshake() {}

    /**
     * @param resuming a reconnect: clean start is never asked for again, so the session built so far resumes
     */
    static Granted run(Link link, MqttClientOptions options, PacketCodec codec, String clientId, boolean resuming) throws IOException {
        Properties.Builder props = Properties.builder();
        if (options.version() == MqttVersion.V5) {
            if (!options.sessionExpiry().isZero()) props.fourByte(Property.SESSION_EXPIRY_INTERVAL, options.sessionExpiry().getSeconds());
            props.fourByte(Property.MAXIMUM_PACKET_SIZE, options.maxPacketSize());
        }
        MqttPacket.Will will = options.will().map(w -> new MqttPacket.Will(w.topic(), w.payload(), w.qos().code(), w.retain(),
                willProperties(w, options))).orElse(null);
        boolean clean = options.cleanStart() && !resuming;
        if (options.version() != MqttVersion.V5 && !options.sessionExpiry().isZero()) clean = false;
        MqttPacket.Connect connect = new MqttPacket.Connect(options.version().level(), clientId,
                (int) options.keepAlive().getSeconds(), clean, will, options.username().orElse(null), options.password().orElse(null),
                props.build());
        link.output().write(codec.encode(connect));
        link.readTimeout(options.connectTimeout()); // a broker that takes the connection and never answers: no hang
        FrameReader reader = new FrameReader(link.input(), options.maxPacketSize());
        FrameReader.Frame frame;
        try {
            frame = reader.read();
        } catch (java.net.SocketTimeoutException e) {
            throw new MqttException("no CONNACK within " + options.connectTimeout().toMillis() + " ms", -1, e);
        }
        if (frame == null) throw new EOFException("the broker closed the connection instead of answering CONNECT");
        MqttPacket packet = codec.decode(frame);
        if (!(packet instanceof MqttPacket.ConnAck connAck)) {
            throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "expected CONNACK, got " + packet.type());
        }
        link.readTimeout(Duration.ZERO);
        if (options.version() == MqttVersion.V3_1 && !clean && connAck.reasonCode() == 0) {
            // MQTT 3.1 has no session-present flag: a broker keeps the session of a client that did not ask for a
            // clean one (3.1, CONNECT flags), so the session resumes; else QoS 2 messages already received would go again
            connAck = new MqttPacket.ConnAck(true, connAck.reasonCode(), connAck.properties());
        }
        ConnAck ack = connAck.toConnAck(options.version());
        if (!ack.accepted()) throw new MqttConnectException(ack);
        if (clean && ack.sessionPresent()) { // MQTT-3.2.2-4 (5: 3.2.2.1.1): the broker claims a session we asked it to drop
            if (options.version() == MqttVersion.V5) {
                link.output().write(codec.encode(new MqttPacket.Disconnect(ReasonCodes.PROTOCOL_ERROR, Properties.NONE)));
                link.output().flush();
            }
            throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "the broker answered a clean start with session"
                    + " present = 1 (MQTT-3.2.2-4): it broke the protocol, so the connection was closed");
        }
        return new Granted(ack,
                Math.min(options.maxInflight(), connAck.properties().integer(Property.RECEIVE_MAXIMUM).orElse(65_535)),
                connAck.properties().fourByte(Property.MAXIMUM_PACKET_SIZE).orElse((long) Integer.MAX_VALUE),
                options.topicAliases() ? connAck.properties().integer(Property.TOPIC_ALIAS_MAXIMUM).orElse(0) : 0);
    }

    private static Properties willProperties(MqttMessage will, MqttClientOptions options) {
        Properties p = Messages.toProperties(will.properties());
        if (options.willDelay().isZero()) return p;
        return p.toBuilder().fourByte(Property.WILL_DELAY_INTERVAL, options.willDelay().getSeconds()).build();
    }
}
