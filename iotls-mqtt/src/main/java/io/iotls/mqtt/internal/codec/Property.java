package io.iotls.mqtt.internal.codec;

import java.util.EnumSet;
import java.util.Set;

/** MQTT 5 properties (2.2.2.2): identifier, value type and the packets that may carry each. */
public enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, PropertyContext.PUBLISH, PropertyContext.WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE, PropertyContext.PUBLISH, PropertyContext.WILL),
    CONTENT_TYPE(0x03, Type.UTF8, PropertyContext.PUBLISH, PropertyContext.WILL),
    RESPONSE_TOPIC(0x08, Type.UTF8, PropertyContext.PUBLISH, PropertyContext.WILL),
    CORRELATION_DATA(0x09, Type.BINARY, PropertyContext.PUBLISH, PropertyContext.WILL),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE, PropertyContext.PUBLISH, PropertyContext.SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE, PropertyContext.CONNECT, PropertyContext.CONNACK, PropertyContext.DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8, PropertyContext.CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE, PropertyContext.CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8, PropertyContext.CONNECT, PropertyContext.CONNACK, PropertyContext.AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY, PropertyContext.CONNECT, PropertyContext.CONNACK, PropertyContext.AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, PropertyContext.CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE, PropertyContext.WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, PropertyContext.CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8, PropertyContext.CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8, PropertyContext.CONNACK, PropertyContext.DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8, PropertyContext.CONNACK, PropertyContext.PUBACK, PropertyContext.PUBREC, PropertyContext.PUBREL,
            PropertyContext.PUBCOMP, PropertyContext.SUBACK, PropertyContext.UNSUBACK, PropertyContext.DISCONNECT, PropertyContext.AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE, PropertyContext.CONNECT, PropertyContext.CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE, PropertyContext.CONNECT, PropertyContext.CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE, PropertyContext.PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, PropertyContext.CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, PropertyContext.CONNACK),
    USER_PROPERTY(0x26, Type.UTF8_PAIR, PropertyContext.values()),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE, PropertyContext.CONNECT, PropertyContext.CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, PropertyContext.CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, PropertyContext.CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, PropertyContext.CONNACK);

    enum Type { BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE_BYTE, UTF8, BINARY, UTF8_PAIR }

    private final int id;
    private final Type type;
    private final Set<PropertyContext> allowedIn;

    Property(int id, Type type, PropertyContext... allowedIn) {
        this.id = id;
        this.type = type;
        this.allowedIn = EnumSet.of(allowedIn[0], allowedIn);
    }

    public int id() {
        return id;
    }

    Type type() {
        return type;
    }

    boolean allowedIn(PropertyContext context) {
        return allowedIn.contains(context);
    }

    /** May appear more than once in one packet (2.2.2.2). */
    boolean repeatable(PropertyContext context) {
        return this == USER_PROPERTY || (this == SUBSCRIPTION_IDENTIFIER && context == PropertyContext.PUBLISH);
    }

    static Property of(int id) throws MalformedPacketException {
        for (Property p : values()) {
            if (p.id == id) return p;
        }
        throw new MalformedPacketException(String.format("unknown property identifier 0x%02X", id));
    }
}
