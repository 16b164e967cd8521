package io.iotls.mqtt.internal.codec;

import io.iotls.mqtt.MqttVersion;

/** Encodes and decodes every control packet for one protocol version, dispatching to one codec per packet. */
public final class PacketCodec {
    private final MqttVersion version;

    public PacketCodec(MqttVersion version) {
        this.version = version;
    }

    public MqttVersion version() {
        return version;
    }

    /** A PUBLISH up to its payload, for a payload sent separately: encode(p) is this followed by p.payload(). */
    public byte[] encodeHead(MqttPacket.Publish p) {
        MqttWriter head = new MqttWriter(p.topic().length() + 16);
        return head.head(publishFirstByte(p, head), p.payload().length);
    }

    /** Writes a PUBLISH's variable header (topic, packet id, properties) into {@code head}; returns its first byte. */
    private int publishFirstByte(MqttPacket.Publish p, MqttWriter head) {
        return (PacketType.PUBLISH.code() << 4) | PublishCodec.encodeHead(p, version, head);
    }

    /** The whole packet: fixed header, remaining length, body. */
    public byte[] encode(MqttPacket packet) {
        if (packet instanceof MqttPacket.Publish p) { // the payload is copied once, into a packet of exactly its size
            MqttWriter head = new MqttWriter(p.topic().length() + 16);
            return head.packet(publishFirstByte(p, head), p.payload());
        }
        MqttWriter body = new MqttWriter(32);
        int flags = switch (packet) {
            case MqttPacket.Connect c -> ConnectCodec.encode(c, version, body);
            case MqttPacket.ConnAck c -> ConnAckCodec.encode(c, version, body);
            case MqttPacket.Publish p -> throw new AssertionError("encoded above");
            case MqttPacket.Ack a -> AckCodec.encode(a, version, body);
            case MqttPacket.Subscribe s -> SubscribeCodec.encode(s, version, body);
            case MqttPacket.SubAck s -> SubAckCodec.encode(s, version, body);
            case MqttPacket.Unsubscribe u -> SubscribeCodec.encode(u, version, body);
            case MqttPacket.UnsubAck u -> SubAckCodec.encode(u, version, body);
            case MqttPacket.PingReq p -> 0;
            case MqttPacket.PingResp p -> 0;
            case MqttPacket.Disconnect d -> DisconnectCodec.encode(d.reasonCode(), d.properties(), version, body);
            case MqttPacket.Auth a -> {
                if (version != MqttVersion.V5) throw new IllegalArgumentException("AUTH exists only in MQTT 5");
                body.u8(a.reasonCode());
                a.properties().write(body);
                yield 0;
            }
        };
        return body.packet((packet.type().code() << 4) | flags);
    }

    public MqttPacket decode(FrameReader.Frame frame) throws MalformedPacketException {
        PacketType type = PacketType.of(frame.firstByte() >> 4);
        int flags = frame.firstByte() & 0x0F;
        if (type.requiredFlags() >= 0 && flags != type.requiredFlags()) {
            throw new MalformedPacketException(type + " fixed header flags must be " + type.requiredFlags() + ", got " + flags);
        }
        MqttReader in = new MqttReader(frame.body());
        return switch (type) {
            case CONNECT -> ConnectCodec.decode(in, version);
            case CONNACK -> ConnAckCodec.decode(in, version);
            case PUBLISH -> PublishCodec.decode(flags, in, version);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckCodec.decode(type, in, version);
            case SUBSCRIBE -> SubscribeCodec.decode(in, version);
            case SUBACK -> SubAckCodec.decode(in, version);
            case UNSUBSCRIBE -> SubscribeCodec.decodeUnsubscribe(in, version);
            case UNSUBACK -> SubAckCodec.decodeUnsubAck(in, version);
            case PINGREQ, PINGRESP -> {
                if (in.hasRemaining()) throw new MalformedPacketException(type + " must have remaining length 0");
                yield type == PacketType.PINGREQ ? new MqttPacket.PingReq() : new MqttPacket.PingResp();
            }
            case DISCONNECT -> DisconnectCodec.decode(in, version);
            case AUTH -> DisconnectCodec.decodeAuth(in, version);
        };
    }
}
