package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** PUBACK, PUBREC, PUBREL, PUBCOMP (3.4-3.7): packet identifier, and in MQTT 5 an optional reason code and properties. */
final class AckCodec {
    private AckCodec() {}

    static int encode(MqttPacket.Ack a, MqttVersion v, MqttWriter out) {
        out.u16(a.packetId());
        if (v == MqttVersion.V5 && (a.reasonCode() != 0 || !a.properties().isEmpty())) {
            out.u8(a.reasonCode());
            if (!a.properties().isEmpty()) a.properties().write(out);
        }
        return a.type().requiredFlags();
    }

    static MqttPacket.Ack decode(PacketType type, MqttReader in, MqttVersion v) throws MalformedPacketException {
        if (v != MqttVersion.V5 && in.remaining() != 2) {
            throw new MalformedPacketException(type + " remaining length must be 2 in MQTT 3.1.1, got " + in.remaining());
        }
        int id = in.packetId(type.name());
        int code = 0;
        Properties props = Properties.NONE;
        if (v == MqttVersion.V5 && in.hasRemaining()) {
            code = in.u8(type + " reason code");
            if (in.hasRemaining()) props = Properties.read(in, PropertyContext.valueOf(type.name()));
        }
        if (in.hasRemaining()) throw new MalformedPacketException(type + " has " + in.remaining() + " extra bytes");
        return new MqttPacket.Ack(type, id, code, props);
    }
}
