package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.DisconnectReason;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.internal.codec.MalformedPacketException;
import io.iotls.mqtt.internal.codec.ReasonCodes;
import java.io.EOFException;
import java.util.Optional;

/** Why a connection ended, with the exception that says so in words. */
record ConnectionEnded(DisconnectReason reason, Optional<Integer> reasonCode, Optional<String> reasonString, Throwable cause) {
    private static final int SESSION_TAKEN_OVER = 0x8E;

    /** The broker's DISCONNECT (MQTT 5). */
    static final class BrokerDisconnect extends MqttException {
        private static final long serialVersionUID = 1L;
        final Optional<String> reasonString;

        BrokerDisconnect(int reasonCode, Optional<String> reasonString) {
            super("the broker disconnected us: reason code 0x" + Integer.toHexString(reasonCode)
                    + (reasonCode == SESSION_TAKEN_OVER ? " (session taken over: another client connected with this client id)" : "")
                    + reasonString.map(s -> " (" + s + ")").orElse(""), reasonCode, null);
            this.reasonString = reasonString;
        }
    }

    /** No PINGRESP in time. */
    static final class KeepAliveTimeout extends MqttException {
        private static final long serialVersionUID = 1L;

        KeepAliveTimeout(long keepAliveSeconds) {
            super("no PINGRESP within the keep-alive of " + keepAliveSeconds + " s: connection is dead");
        }
    }

    static ConnectionEnded of(Throwable cause) {
        if (cause instanceof BrokerDisconnect d) {
            int code = d.reasonCode().orElse(0);
            return new ConnectionEnded(code == SESSION_TAKEN_OVER ? DisconnectReason.SESSION_TAKEN_OVER : DisconnectReason.BROKER_DISCONNECT,
                    Optional.of(code), d.reasonString, cause);
        }
        if (cause instanceof KeepAliveTimeout) return new ConnectionEnded(DisconnectReason.KEEP_ALIVE_TIMEOUT, Optional.empty(), Optional.empty(), cause);
        if (cause instanceof MalformedPacketException m) {
            return new ConnectionEnded(m.reasonCode() == ReasonCodes.PACKET_TOO_LARGE ? DisconnectReason.PACKET_TOO_LARGE
                    : DisconnectReason.PROTOCOL_ERROR, Optional.empty(), Optional.empty(), cause);
        }
        if (cause instanceof EOFException) return new ConnectionEnded(DisconnectReason.BROKER_CLOSED, Optional.empty(), Optional.empty(), cause);
        return new ConnectionEnded(DisconnectReason.IO_ERROR, Optional.empty(), Optional.empty(), cause);
    }
}
