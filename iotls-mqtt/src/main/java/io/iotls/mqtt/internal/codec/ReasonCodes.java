package io.iotls.mqtt.internal.codec;

/** The MQTT 5 reason codes a decoder or client sends on DISCONNECT when the peer breaks the protocol. */
public final class ReasonCodes {
    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int TOPIC_ALIAS_INVALID = 0x94;
    public static final int PACKET_TOO_LARGE = 0x95;

    private ReasonCodes() {}
}
