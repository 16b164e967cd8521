package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE (3.8) and UNSUBSCRIBE (3.10): a packet identifier and a non-empty list of topic filters. */
final class SubscribeCodec {
    private SubscribeCodec() {}

    static int encode(MqttPacket.Subscribe s, MqttVersion v, MqttWriter out) {
        if (s.subscriptions().isEmpty()) throw new IllegalArgumentException("SUBSCRIBE needs at least one topic filter");
        out.u16(s.packetId());
        if (v == MqttVersion.V5) s.properties().write(out);
        for (MqttPacket.Subscription sub : s.subscriptions()) {
            Topics.checkFilter(sub.filter());
            int options = sub.qos();
            if (v == MqttVersion.V5) {
                options |= (sub.noLocal() ? 0x04 : 0) | (sub.retainAsPublished() ? 0x08 : 0) | (sub.retainHandling() << 4);
            }
            out.utf8(sub.filter()).u8(options);
        }
        return PacketType.SUBSCRIBE.requiredFlags();
    }

    static MqttPacket.Subscribe decode(MqttReader in, MqttVersion v) throws MalformedPacketException {
        int id = in.packetId("SUBSCRIBE");
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.SUBSCRIBE) : Properties.NONE;
        List<MqttPacket.Subscription> subs = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = filter(in);
            int o = in.u8("subscription options");
            int reserved = v == MqttVersion.V5 ? o & 0xC0 : o & 0xFC;
            if (reserved != 0) throw new MalformedPacketException("SUBSCRIBE options reserved bits must be 0, got " + Integer.toBinaryString(o));
            if ((o & 0x03) == 3) throw new MalformedPacketException("SUBSCRIBE QoS 3 is invalid");
            if (((o >> 4) & 0x03) == 3) throw new MalformedPacketException("SUBSCRIBE retain handling 3 is invalid");
            subs.add(new MqttPacket.Subscription(filter, o & 0x03, (o & 0x04) != 0, (o & 0x08) != 0, (o >> 4) & 0x03));
        }
        if (subs.isEmpty()) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        return new MqttPacket.Subscribe(id, subs, props);
    }

    static int encode(MqttPacket.Unsubscribe u, MqttVersion v, MqttWriter out) {
        if (u.filters().isEmpty()) throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter");
        out.u16(u.packetId());
        if (v == MqttVersion.V5) u.properties().write(out);
        for (String f : u.filters()) {
            Topics.checkFilter(f);
            out.utf8(f);
        }
        return PacketType.UNSUBSCRIBE.requiredFlags();
    }

    static MqttPacket.Unsubscribe decodeUnsubscribe(MqttReader in, MqttVersion v) throws MalformedPacketException {
        int id = in.packetId("UNSUBSCRIBE");
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.UNSUBSCRIBE) : Properties.NONE;
        List<String> filters = new ArrayList<>();
        while (in.hasRemaining()) filters.add(filter(in));
        if (filters.isEmpty()) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
        return new MqttPacket.Unsubscribe(id, filters, props);
    }

    private static String filter(MqttReader in) throws MalformedPacketException {
        String filter = in.utf8("topic filter");
        try {
            Topics.checkFilter(filter);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, e.getMessage());
        }
        return filter;
    }
}
