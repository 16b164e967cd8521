package io.iotls.mqtt;

import java.util.Optional;

/**
 * A decoded CONNACK. {@code code} is the raw return/reason code; the enums name it per version.
 * @param reasonString MQTT 5's reason string property, if the broker sent one
 */
public record ConnAck(MqttVersion version, boolean sessionPresent, int code, Optional<String> reasonString) {

    public boolean accepted() {
        return code == 0;
    }

    /** {@code 0x00 (connection accepted)}, {@code 0x86 BAD_USER_NAME_OR_PASSWORD}, ... */
    public String describe() {
        String name = version == MqttVersion.V5
                ? ConnAckReasonCode.fromCode(code).map(Enum::name).orElse("unknown reason code")
                : ConnAckReturnCode.fromCode(code).map(ConnAckReturnCode::description).orElse("unknown return code");
        return String.format("0x%02X %s", code, name) + reasonString.map(r -> " (\"" + r + "\")").orElse("");
    }
}
