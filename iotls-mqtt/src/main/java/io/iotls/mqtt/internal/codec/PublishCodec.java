package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** PUBLISH (3.1.1 3.3, 5.0 3.3); DUP, QoS and RETAIN travel in the fixed header's flags. */
final class PublishCodec {
    private PublishCodec() {}

    /** Topic, packet identifier and properties: everything before the payload. Returns the fixed header's flags. */
    static int encodeHead(MqttPacket.Publish p, MqttVersion v, MqttWriter out) {
        if (p.qos() < 0 || p.qos() > 2) throw new IllegalArgumentException("QoS must be 0, 1 or 2");
        if (p.qos() == 0 && p.dup()) throw new IllegalArgumentException("DUP must be 0 for QoS 0 (3.3.1.1)");
        boolean aliased = v == MqttVersion.V5 && p.properties().integer(Property.TOPIC_ALIAS).isPresent();
        Topics.checkTopicName(p.topic(), aliased);
        out.utf8(p.topic());
        if (p.qos() > 0) {
            if (p.packetId() < 1 || p.packetId() > 0xFFFF) throw new IllegalArgumentException("QoS > 0 needs a packet identifier 1..65535");
            out.u16(p.packetId());
        }
        if (v == MqttVersion.V5) p.properties().write(out);
        return (p.dup() ? 0x08 : 0) | (p.qos() << 1) | (p.retain() ? 0x01 : 0);
    }

    static MqttPacket.Publish decode(int flags, MqttReader in, MqttVersion v) throws MalformedPacketException {
        int qos = (flags >> 1) & 0x03;
        if (qos == 3) throw new MalformedPacketException("PUBLISH QoS 3 is invalid");
        boolean dup = (flags & 0x08) != 0;
        if (qos == 0 && dup) throw new MalformedPacketException("PUBLISH with QoS 0 must not have DUP set");
        String topic = in.utf8("topic name");
        int packetId = qos > 0 ? in.packetId("PUBLISH") : 0;
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.PUBLISH) : Properties.NONE;
        try {
            Topics.checkTopicName(topic, v == MqttVersion.V5 && props.integer(Property.TOPIC_ALIAS).isPresent());
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException(0x90, e.getMessage());
        }
        return new MqttPacket.Publish(topic, in.rest(), qos, (flags & 0x01) != 0, dup, packetId, props);
    }
}
