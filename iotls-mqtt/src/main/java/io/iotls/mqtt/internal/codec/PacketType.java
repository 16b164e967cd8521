package io.iotls.mqtt.internal.codec;

/** MQTT control packet types (3.1.1 2.2.1, 5.0 2.1.2) and the fixed-header flags each requires. */
public enum PacketType {
    CONNECT(1, 0), CONNACK(2, 0), PUBLISH(3, -1), PUBACK(4, 0), PUBREC(5, 0), PUBREL(6, 2), PUBCOMP(7, 0),
    SUBSCRIBE(8, 2), SUBACK(9, 0), UNSUBSCRIBE(10, 2), UNSUBACK(11, 0), PINGREQ(12, 0), PINGRESP(13, 0),
    DISCONNECT(14, 0), AUTH(15, 0);

    private final int code;
    private final int requiredFlags; // -1: PUBLISH carries DUP/QoS/RETAIN there

    PacketType(int code, int requiredFlags) {
        this.code = code;
        this.requiredFlags = requiredFlags;
    }

    public int code() {
        return code;
    }

    int requiredFlags() {
        return requiredFlags;
    }

    static PacketType of(int code) throws MalformedPacketException {
        for (PacketType t : values()) {
            if (t.code == code) return t;
        }
        throw new MalformedPacketException(ReasonCodes.MALFORMED_PACKET, "reserved packet type 0");
    }
}
