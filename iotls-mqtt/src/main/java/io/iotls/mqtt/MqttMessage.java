package io.iotls.mqtt;

import io.iotls.mqtt.internal.client.PayloadAccess;
import io.iotls.mqtt.internal.codec.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** An application message: topic, payload, QoS, retain flag and (MQTT 5) properties. Immutable. */
public record MqttMessage(String topic, byte[] payload, Qos qos, boolean retain, MessageProperties properties) {
    static {
        PayloadAccess.register(m -> m.payload); // the engine encodes from the message's own array, never changing it
    }

    public MqttMessage {
        Objects.requireNonNull(topic, "topic");
        Topics.checkTopicName(topic, false);
        payload = payload.clone();
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
    }

    public static MqttMessage of(String topic, String payload, Qos qos) {
        return new MqttMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, MessageProperties.NONE);
    }

    public static MqttMessage of(String topic, byte[] payload, Qos qos, boolean retain) {
        return new MqttMessage(topic, payload, qos, retain, MessageProperties.NONE);
    }

    /** A copy of the payload: the message stays immutable whatever the caller does with it. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload without a copy, as a read-only buffer (its position 0, its limit the length): for large payloads. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** The payload's length in bytes, without a copy. */
    public int payloadLength() {
        return payload.length;
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttMessage m && topic.equals(m.topic) && Arrays.equals(payload, m.payload) && qos == m.qos
                && retain == m.retain;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retain);
    }

    @Override
    public String toString() {
        return "MqttMessage[" + topic + ", " + payload.length + " bytes, " + qos + (retain ? ", retain" : "") + "]";
    }
}
