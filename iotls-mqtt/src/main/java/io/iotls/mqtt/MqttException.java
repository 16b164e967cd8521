package io.iotls.mqtt;

import java.io.IOException;
import java.util.Optional;

/** An MQTT-level failure: refused connection, protocol error, lost connection, a refused publish or subscription. */
public class MqttException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int reasonCode;

    public MqttException(String message, int reasonCode, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    public MqttException(String message) {
        this(message, -1, null);
    }

    /** The MQTT reason or return code behind this failure, if there is one. */
    public Optional<Integer> reasonCode() {
        return reasonCode < 0 ? Optional.empty() : Optional.of(reasonCode);
    }
}
