package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Every MQTT control packet of 3.1.1 and 5.0, as immutable values. MQTT 5-only fields are ignored for 3.1.1. */
public sealed interface MqttPacket {
    PacketType type();

    /** The will of CONNECT (3.1.2.5 / 3.1.3.2). */
    record Will(String topic, byte[] payload, int qos, boolean retain, Properties properties) {
        public Will {
            Objects.requireNonNull(topic);
            payload = payload.clone();
            Objects.requireNonNull(properties);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Will w && topic.equals(w.topic) && Arrays.equals(payload, w.payload) && qos == w.qos
                    && retain == w.retain && properties.equals(w.properties);
        }

        @Override public int hashCode() { return Objects.hash(topic, Arrays.hashCode(payload), qos, retain); }

        @Override public String toString() { return "Will[" + topic + ", " + payload.length + " bytes, qos " + qos + "]"; }
    }

    record Connect(int protocolLevel, String clientId, int keepAliveSeconds, boolean cleanStart, Will will, String username,
                   byte[] password, Properties properties) implements MqttPacket {
        public Connect {
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(properties);
            password = password == null ? null : password.clone();
        }

        public PacketType type() { return PacketType.CONNECT; }

        @Override public boolean equals(Object o) {
            return o instanceof Connect c && protocolLevel == c.protocolLevel && clientId.equals(c.clientId)
                    && keepAliveSeconds == c.keepAliveSeconds && cleanStart == c.cleanStart && Objects.equals(will, c.will)
                    && Objects.equals(username, c.username) && Arrays.equals(password, c.password) && properties.equals(c.properties);
        }

        @Override public int hashCode() { return Objects.hash(protocolLevel, clientId, keepAliveSeconds, cleanStart, username); }

        /** Never shows the password. */
        @Override public String toString() {
            return "CONNECT[level " + protocolLevel + ", client id '" + clientId + "', keep-alive " + keepAliveSeconds
                    + (cleanStart ? ", clean start" : "") + (will != null ? ", " + will : "")
                    + (username != null ? ", username '" + username + "'" : "") + (password != null ? ", password [redacted]" : "") + "]";
        }
    }

    record ConnAck(boolean sessionPresent, int reasonCode, Properties properties) implements MqttPacket {
        public PacketType type() { return PacketType.CONNACK; }

        /** The public view of this CONNACK. */
        public io.iotls.mqtt.ConnAck toConnAck(MqttVersion version) {
            return new io.iotls.mqtt.ConnAck(version, sessionPresent, reasonCode, properties.string(Property.REASON_STRING));
        }
    }

    record Publish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId, Properties properties)
            implements MqttPacket {
        public Publish {
            Objects.requireNonNull(topic);
            Objects.requireNonNull(payload);
            Objects.requireNonNull(properties);
        }

        public PacketType type() { return PacketType.PUBLISH; }

        public Publish withDup() {
            return new Publish(topic, payload, qos, retain, true, packetId, properties);
        }

        public Publish withPacketId(int id) {
            return new Publish(topic, payload, qos, retain, dup, id, properties);
        }

        public Publish withPayload(byte[] bytes) {
            return new Publish(topic, bytes, qos, retain, dup, packetId, properties);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Publish p && topic.equals(p.topic) && Arrays.equals(payload, p.payload) && qos == p.qos
                    && retain == p.retain && dup == p.dup && packetId == p.packetId && properties.equals(p.properties);
        }

        @Override public int hashCode() { return Objects.hash(topic, Arrays.hashCode(payload), qos, packetId); }

        @Override public String toString() {
            return "PUBLISH[" + topic + ", " + payload.length + " bytes, qos " + qos + (retain ? ", retain" : "")
                    + (dup ? ", dup" : "") + (qos > 0 ? ", id " + packetId : "") + "]";
        }
    }

    /** PUBACK, PUBREC, PUBREL and PUBCOMP: the same shape (3.4-3.7). */
    record Ack(PacketType type, int packetId, int reasonCode, Properties properties) implements MqttPacket {
        public Ack {
            if (type != PacketType.PUBACK && type != PacketType.PUBREC && type != PacketType.PUBREL && type != PacketType.PUBCOMP) {
                throw new IllegalArgumentException(type + " is not an acknowledgement of PUBLISH");
            }
        }
    }

    /** One topic filter of SUBSCRIBE with its options (MQTT 5 3.8.3.1; 3.1.1 uses only qos). */
    record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        public Subscription {
            Objects.requireNonNull(filter);
            if (qos < 0 || qos > 2) throw new IllegalArgumentException("QoS must be 0, 1 or 2");
            if (retainHandling < 0 || retainHandling > 2) throw new IllegalArgumentException("retain handling must be 0, 1 or 2");
        }
    }

    record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements MqttPacket {
        public Subscribe { subscriptions = List.copyOf(subscriptions); }
        public PacketType type() { return PacketType.SUBSCRIBE; }
    }

    record SubAck(int packetId, List<Integer> reasonCodes, Properties properties) implements MqttPacket {
        public SubAck { reasonCodes = List.copyOf(reasonCodes); }
        public PacketType type() { return PacketType.SUBACK; }
    }

    record Unsubscribe(int packetId, List<String> filters, Properties properties) implements MqttPacket {
        public Unsubscribe { filters = List.copyOf(filters); }
        public PacketType type() { return PacketType.UNSUBSCRIBE; }
    }

    /** MQTT 3.1.1's UNSUBACK has no reason codes: the list is empty there. */
    record UnsubAck(int packetId, List<Integer> reasonCodes, Properties properties) implements MqttPacket {
        public UnsubAck { reasonCodes = List.copyOf(reasonCodes); }
        public PacketType type() { return PacketType.UNSUBACK; }
    }

    record PingReq() implements MqttPacket {
        public PacketType type() { return PacketType.PINGREQ; }
    }

    record PingResp() implements MqttPacket {
        public PacketType type() { return PacketType.PINGRESP; }
    }

    record Disconnect(int reasonCode, Properties properties) implements MqttPacket {
        public PacketType type() { return PacketType.DISCONNECT; }
    }

    record Auth(int reasonCode, Properties properties) implements MqttPacket {
        public PacketType type() { return PacketType.AUTH; }
    }
}
