package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;

/** SUBACK (3.9) and UNSUBACK (3.11): a packet identifier and reason codes (none in a 3.1.1 UNSUBACK). */
final class SubAckCodec {
    private SubAckCodec() {}

    static int encode(MqttPacket.SubAck s, MqttVersion v, MqttWriter out) {
        out.u16(s.packetId());
        if (v == MqttVersion.V5) s.properties().write(out);
        s.reasonCodes().forEach(out::u8);
        return 0;
    }

    static MqttPacket.SubAck decode(MqttReader in, MqttVersion v) throws MalformedPacketException {
        int id = in.packetId("SUBACK");
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.SUBACK) : Properties.NONE;
        List<Integer> codes = new ArrayList<>();
        while (in.hasRemaining()) {
            int code = in.u8("SUBACK return code");
            if (v != MqttVersion.V5 && code > 2 && code != 0x80) {
                throw new MalformedPacketException("SUBACK return code 0x" + Integer.toHexString(code) + " is not allowed in MQTT 3.1.1");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) throw new MalformedPacketException("SUBACK without return codes");
        return new MqttPacket.SubAck(id, codes, props);
    }

    static int encode(MqttPacket.UnsubAck u, MqttVersion v, MqttWriter out) {
        out.u16(u.packetId());
        if (v == MqttVersion.V5) {
            u.properties().write(out);
            u.reasonCodes().forEach(out::u8);
        }
        return 0;
    }

    static MqttPacket.UnsubAck decodeUnsubAck(MqttReader in, MqttVersion v) throws MalformedPacketException {
        int id = in.packetId("UNSUBACK");
        if (v != MqttVersion.V5) {
            if (in.hasRemaining()) throw new MalformedPacketException("MQTT 3.1.1 UNSUBACK remaining length must be 2");
            return new MqttPacket.UnsubAck(id, List.of(), Properties.NONE);
        }
        Properties props = Properties.read(in, PropertyContext.UNSUBACK);
        List<Integer> codes = new ArrayList<>();
        while (in.hasRemaining()) codes.add(in.u8("UNSUBACK reason code"));
        if (codes.isEmpty()) throw new MalformedPacketException("UNSUBACK without reason codes");
        return new MqttPacket.UnsubAck(id, codes, props);
    }
}
