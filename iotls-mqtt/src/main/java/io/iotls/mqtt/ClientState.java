package io.iotls.mqtt;

/**
 * Where a client is in its life. A client holds at most one connection and makes at most one connection attempt at a
 * time: {@code connect()} and the automatic reconnect take turns, never run side by side.
 */
public enum ClientState {
    /** No connection and none being made: {@code publish}, {@code subscribe} and {@code unsubscribe} fail at once. */
    DISCONNECTED,
    /** An attempt ({@code connect()} or an automatic reconnect) is under way: publishes wait in the offline buffer. */
    CONNECTING,
    /** CONNACK accepted; the session is live. */
    CONNECTED,
    /** The connection was lost and the next automatic attempt is scheduled: publishes wait in the offline buffer. */
    RECONNECTING,
    /** {@code close()} was called: every call fails, every future has completed. */
    CLOSED
}
