package io.iotls.mqtt;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells the application when the client connects, loses or ends its connection, and schedules a reconnect. Events of
 * one client arrive one at a time, in the order they happened, on a virtual thread of that client (never on the shared
 * I/O thread, never under the client's locks): a listener may block or call the client. Every method does nothing by
 * default.
 */
public interface MqttLifecycleListener {

    /** CONNACK accepted. */
    default void connected(Connected event) {}

    /** A connection ended; {@code reconnecting} says whether an automatic attempt follows. */
    default void disconnected(Disconnected event) {}

    /** The next automatic attempt starts after {@code delay}. */
    default void reconnectScheduled(ReconnectScheduled event) {}

    /**
     * The TLS handshake of a connection that was then accepted warned: a certificate of ours, of a CA or of the broker
     * that expires within the warning period ({@code TlsOptions.expiryWarning}), a stale CRL accepted, TLS files that
     * changed but do not load, an OCSP response that could not be used under the SOFT policy. Comes before
     * {@link #connected} of the same connection. The same warnings are logged.
     */
    default void tlsWarnings(TlsWarnings event) {}

    /**
     * @param attempt          1 for the first connection; for a reconnect, the attempt that succeeded
     * @param inflightWindow   QoS 1/2 publishes that may await acknowledgement at once: the smaller of
     *                         {@code maxInflight} and the broker's Receive Maximum
     * @param maximumPacketSize the broker's Maximum Packet Size (MQTT 5), or empty
     */
    record Connected(ConnAck connAck, int attempt, int inflightWindow, Optional<Long> maximumPacketSize) {}

    /**
     * @param reasonCode   the broker's DISCONNECT reason code (MQTT 5), if it sent one
     * @param reasonString the broker's reason string, if it sent one
     * @param cause        what ended the connection, as an exception with a readable message; empty when the
     *                     application ended it
     */
    record Disconnected(DisconnectReason reason, Optional<Integer> reasonCode, Optional<String> reasonString,
                        Optional<Throwable> cause, boolean reconnecting) {}

    /** @param attempt the attempt whose connection warned (as in {@link Connected}) */
    record TlsWarnings(int attempt, java.util.List<String> warnings) {
        public TlsWarnings {
            warnings = java.util.List.copyOf(warnings);
        }
    }

    /** @param attempt the number of the attempt that will start after {@code delay}, 1 for the first after a loss */
    record ReconnectScheduled(int attempt, Duration delay) {}
}
