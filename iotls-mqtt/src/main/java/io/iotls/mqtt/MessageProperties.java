package io.iotls.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** MQTT 5 PUBLISH properties (3.3.2.3); ignored over MQTT 3.1.1. */
public record MessageProperties(Optional<Duration> messageExpiry, Optional<String> contentType, boolean payloadIsUtf8,
                                Optional<String> responseTopic, Optional<byte[]> correlationData,
                                List<Map.Entry<String, String>> userProperties) {
    public static final MessageProperties NONE = new MessageProperties(Optional.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty(), List.of());

    public MessageProperties {
        Objects.requireNonNull(messageExpiry);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(responseTopic);
        correlationData = correlationData.map(byte[]::clone);
        userProperties = List.copyOf(userProperties);
        contentType.ifPresent(t -> io.iotls.mqtt.internal.codec.MqttStrings.check("content type", t));
        // MQTT 5 3.3.2.3.5: a response topic is a topic name, so no wildcards
        responseTopic.ifPresent(t -> {
            if (t.indexOf('+') >= 0 || t.indexOf('#') >= 0) {
                throw new IllegalArgumentException("a response topic is a topic name and must not contain wildcards '+' or '#': " + t);
            }
            io.iotls.mqtt.internal.codec.Topics.checkTopicName(t, false);
        });
        for (Map.Entry<String, String> p : userProperties) {
            io.iotls.mqtt.internal.codec.MqttStrings.check("user property name", p.getKey());
            io.iotls.mqtt.internal.codec.MqttStrings.check("user property value", p.getValue());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration messageExpiry;
        private String contentType;
        private boolean payloadIsUtf8;
        private String responseTopic;
        private byte[] correlationData;
        private final List<Map.Entry<String, String>> userProperties = new ArrayList<>();

        public Builder messageExpiry(Duration d) {
            if (d.isNegative() || d.getSeconds() > 0xFFFFFFFFL) throw new IllegalArgumentException("message expiry out of range");
            messageExpiry = d;
            return this;
        }

        public Builder contentType(String type) { contentType = type; return this; }
        public Builder payloadIsUtf8(boolean utf8) { payloadIsUtf8 = utf8; return this; }
        public Builder responseTopic(String topic) { responseTopic = topic; return this; }
        public Builder correlationData(byte[] data) { correlationData = data.clone(); return this; }
        public Builder userProperty(String name, String value) { userProperties.add(Map.entry(name, value)); return this; }

        public MessageProperties build() {
            return new MessageProperties(Optional.ofNullable(messageExpiry), Optional.ofNullable(contentType), payloadIsUtf8,
                    Optional.ofNullable(responseTopic), Optional.ofNullable(correlationData), userProperties);
        }
    }
}
