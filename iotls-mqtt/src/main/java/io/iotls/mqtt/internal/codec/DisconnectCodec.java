package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** DISCONNECT (3.14) and AUTH (MQTT 5 3.15): an optional reason code and properties (MQTT 5 only). */
final class DisconnectCodec {
    private DisconnectCodec() {}

    static int encode(int reasonCode, Properties props, MqttVersion v, MqttWriter out) {
        if (v == MqttVersion.V5 && (reasonCode != 0 || !props.isEmpty())) {
            out.u8(reasonCode);
            if (!props.isEmpty()) props.write(out);
        }
        return 0;
    }

    static MqttPacket.Disconnect decode(MqttReader in, MqttVersion v) throws MalformedPacketException {
        if (v != MqttVersion.V5) {
            if (in.hasRemaining()) throw new MalformedPacketException("MQTT 3.1.1 DISCONNECT must be empty");
            return new MqttPacket.Disconnect(0, Properties.NONE);
        }
        int code = in.hasRemaining() ? in.u8("DISCONNECT reason code") : 0;
        Properties props = in.hasRemaining() ? Properties.read(in, PropertyContext.DISCONNECT) : Properties.NONE;
        if (in.hasRemaining()) throw new MalformedPacketException("DISCONNECT has extra bytes");
        return new MqttPacket.Disconnect(code, props);
    }

    static MqttPacket.Auth decodeAuth(MqttReader in, MqttVersion v) throws MalformedPacketException {
        if (v != MqttVersion.V5) throw new MalformedPacketException("packet type 15 is reserved in MQTT 3.1.1");
        int code = in.hasRemaining() ? in.u8("AUTH reason code") : 0;
        if (code != 0x00 && code != 0x18 && code != 0x19) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "AUTH reason code " + code);
        Properties props = in.hasRemaining() ? Properties.read(in, PropertyContext.AUTH) : Properties.NONE;
        if (in.hasRemaining()) throw new MalformedPacketException("AUTH has extra bytes");
        return new MqttPacket.Auth(code, props);
    }
}
