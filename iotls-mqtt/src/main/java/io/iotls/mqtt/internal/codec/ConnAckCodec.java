package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** CONNACK (3.1.1 3.2, 5.0 3.2). */
final class ConnAckCodec {
    private ConnAckCodec() {}

    static int encode(MqttPacket.ConnAck c, MqttVersion v, MqttWriter out) {
        out.u8(c.sessionPresent() ? 1 : 0).u8(c.reasonCode());
        if (v == MqttVersion.V5) c.properties().write(out);
        return 0;
    }

    static MqttPacket.ConnAck decode(MqttReader in, MqttVersion v) throws MalformedPacketException {
        if (v != MqttVersion.V5 && in.remaining() != 2) {
            throw new MalformedPacketException("MQTT 3.1.1 CONNACK remaining length must be 2, got " + in.remaining());
        }
        int flags = in.u8("acknowledge flags");
        if ((flags & 0xFE) != 0) {
            throw new MalformedPacketException("CONNACK acknowledge flags bits 7-1 must be 0, got " + Integer.toBinaryString(flags));
        }
        int code = in.u8("CONNACK code");
        if (v != MqttVersion.V5 && code > 5) throw new MalformedPacketException("MQTT 3.1.1 CONNACK return code " + code + " is reserved");
        if ((flags & 1) == 1 && code != 0) throw new MalformedPacketException("session present set on a refused connection");
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.CONNACK) : Properties.NONE;
        if (in.hasRemaining()) throw new MalformedPacketException("CONNACK has " + in.remaining() + " extra bytes");
        return new MqttPacket.ConnAck((flags & 1) == 1, code, props);
    }
}
