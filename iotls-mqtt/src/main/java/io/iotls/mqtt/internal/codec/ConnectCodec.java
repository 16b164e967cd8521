package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** CONNECT (3.1.1 3.1, 5.0 3.1). */
final class ConnectCodec {
    private ConnectCodec() {}

    static int encode(MqttPacket.Connect c, MqttVersion v, MqttWriter out) {
        MqttPacket.Will will = c.will();
        int flags = (c.username() != null ? 0x80 : 0) | (c.password() != null ? 0x40 : 0) | (c.cleanStart() ? 0x02 : 0);
        if (will != null) flags |= 0x04 | (will.qos() << 3) | (will.retain() ? 0x20 : 0);
        if (v != MqttVersion.V5 && c.password() != null && c.username() == null) {
            throw new IllegalArgumentException(v + " allows a password only with a user name (3.1.1: 3.1.2.9)");
        }
        out.utf8(v.protocolName()).u8(v.level()).u8(flags).u16(c.keepAliveSeconds());
        if (v == MqttVersion.V5) c.properties().write(out);
        out.utf8(c.clientId());
        if (will != null) {
            if (v == MqttVersion.V5) will.properties().write(out);
            out.utf8(will.topic()).binary(will.payload());
        }
        if (c.username() != null) out.utf8(c.username());
        if (c.password() != null) out.binary(c.password());
        return 0;
    }

    static MqttPacket.Connect decode(MqttReader in, MqttVersion v) throws MalformedPacketException {
        String name = in.utf8("protocol name");
        if (!name.equals(v.protocolName())) {
            throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "protocol name must be " + v.protocolName() + ", got " + name);
        }
        int level = in.u8("protocol level");
        if (level != v.level()) {
            throw new MalformedPacketException(0x84, "protocol level " + level + " does not match " + v);
        }
        int flags = in.u8("connect flags");
        if ((flags & 0x01) != 0) throw new MalformedPacketException("CONNECT reserved flag must be 0");
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        if (willQos == 3) throw new MalformedPacketException("will QoS 3 is invalid");
        if (!willFlag && (willQos != 0 || willRetain)) throw new MalformedPacketException("will QoS/retain set without the will flag");
        boolean hasUser = (flags & 0x80) != 0;
        boolean hasPassword = (flags & 0x40) != 0;
        if (v != MqttVersion.V5 && hasPassword && !hasUser) throw new MalformedPacketException("password flag without user name flag");
        int keepAlive = in.u16("keep alive");
        Properties props = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.CONNECT) : Properties.NONE;
        String clientId = in.utf8("client identifier");
        MqttPacket.Will will = null;
        if (willFlag) {
            Properties willProps = v == MqttVersion.V5 ? Properties.read(in, PropertyContext.WILL) : Properties.NONE;
            String topic = in.utf8("will topic");
            checkTopic(topic);
            will = new MqttPacket.Will(topic, in.binary("will payload"), willQos, willRetain, willProps);
        }
        String user = hasUser ? in.utf8("user name") : null;
        byte[] password = hasPassword ? in.binary("password") : null;
        if (in.hasRemaining()) throw new MalformedPacketException("CONNECT has " + in.remaining() + " bytes after its payload");
        return new MqttPacket.Connect(level, clientId, keepAlive, (flags & 0x02) != 0, will, user, password, props);
    }

    private static void checkTopic(String topic) throws MalformedPacketException {
        try {
            Topics.checkTopicName(topic, false);
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException(0x90, e.getMessage());
        }
    }
}
