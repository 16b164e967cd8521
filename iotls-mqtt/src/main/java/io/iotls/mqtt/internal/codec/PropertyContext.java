package io.iotls.mqtt.internal.codec;

/** Where a property set stands: a packet's variable header, or the will properties of CONNECT. */
public enum PropertyContext {
    CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH
}
