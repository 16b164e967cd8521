package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MessageProperties;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.Qos;
import io.iotls.mqtt.internal.codec.MqttPacket;
import io.iotls.mqtt.internal.codec.Properties;
import io.iotls.mqtt.internal.codec.Property;
import java.time.Duration;

/** Converts between application messages and PUBLISH packets (MQTT 5 properties included). */
final class Messages {
    private Messages() {}

    static MqttPacket.Publish toPublish(MqttMessage m) {
        return new MqttPacket.Publish(m.topic(), PayloadAccess.payloadOf(m), m.qos().code(), m.retain(), false, 0, toProperties(m.properties()));
    }

    static Properties toProperties(MessageProperties p) {
        Properties.Builder b = Properties.builder();
        p.messageExpiry().ifPresent(d -> b.fourByte(Property.MESSAGE_EXPIRY_INTERVAL, d.getSeconds()));
        p.contentType().ifPresent(t -> b.string(Property.CONTENT_TYPE, t));
        if (p.payloadIsUtf8()) b.integer(Property.PAYLOAD_FORMAT_INDICATOR, 1);
        p.responseTopic().ifPresent(t -> b.string(Property.RESPONSE_TOPIC, t));
        p.correlationData().ifPresent(d -> b.binary(Property.CORRELATION_DATA, d));
        p.userProperties().forEach(e -> b.userProperty(e.getKey(), e.getValue()));
        return b.build();
    }

    static MqttMessage toMessage(MqttPacket.Publish p, String topic) {
        Properties props = p.properties();
        MessageProperties.Builder b = MessageProperties.builder();
        props.fourByte(Property.MESSAGE_EXPIRY_INTERVAL).ifPresent(s -> b.messageExpiry(Duration.ofSeconds(s)));
        props.string(Property.CONTENT_TYPE).ifPresent(b::contentType);
        props.integer(Property.PAYLOAD_FORMAT_INDICATOR).ifPresent(i -> b.payloadIsUtf8(i == 1));
        props.string(Property.RESPONSE_TOPIC).ifPresent(b::responseTopic);
        props.binary(Property.CORRELATION_DATA).ifPresent(b::correlationData);
        for (var u : props.userProperties()) b.userProperty(u.name(), u.value());
        return new MqttMessage(topic, p.payload(), Qos.of(p.qos()), p.retain(), b.build());
    }

}
