package io.iotls.mqtt;

import java.util.Arrays;
import java.util.Optional;

/** MQTT 3.1.1 CONNACK return codes (3.2.2.3). */
public enum ConnAckReturnCode {
    ACCEPTED(0, "connection accepted"),
    UNACCEPTABLE_PROTOCOL_VERSION(1, "the broker does not support this MQTT protocol level"),
    IDENTIFIER_REJECTED(2, "client identifier rejected"),
    SERVER_UNAVAILABLE(3, "MQTT service unavailable"),
    BAD_USER_NAME_OR_PASSWORD(4, "bad user name or password"),
    NOT_AUTHORIZED(5, "not authorized");

    private final int code;
    private final String description;

    ConnAckReturnCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() { return code; }
    public String description() { return description; }

    public static Optional<ConnAckReturnCode> fromCode(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }
}
