package io.iotls.mqtt;

/** Why a connection ended, as {@link MqttLifecycleListener.Disconnected} reports it. */
public enum DisconnectReason {
    /** The application called {@code disconnect()}. */
    CLIENT_DISCONNECT,
    /** The application called {@code close()}. */
    CLIENT_CLOSED,
    /** The broker sent DISCONNECT (MQTT 5) with a reason code other than session taken over. */
    BROKER_DISCONNECT,
    /** Another connection with this client id took the session over (MQTT 5 reason 0x8E). */
    SESSION_TAKEN_OVER,
    /** The broker closed the connection without a DISCONNECT (MQTT 3.1.1 does this for a takeover, too). */
    BROKER_CLOSED,
    /** No PINGRESP within the keep-alive: the link is dead although TCP did not say so. */
    KEEP_ALIVE_TIMEOUT,
    /** A packet from the broker was larger than {@code maxPacketSize}. */
    PACKET_TOO_LARGE,
    /** The broker broke the MQTT protocol (a malformed or unexpected packet). */
    PROTOCOL_ERROR,
    /** The network failed: reset, unreachable, a write that failed, or a TLS failure. */
    IO_ERROR
}
