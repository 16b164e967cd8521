package io.iotls.mqtt;

import java.util.Optional;

/**
 * How the broker acknowledged a publish: QoS 0 completes when handed to the connection, QoS 1 on PUBACK, QoS 2 on PUBCOMP. MQTT 5
 * reason codes of 0x80 and above mean the broker refused the message (the future then fails instead).
 */
public record PublishResult(Qos qos, int reasonCode, Optional<String> reasonString) {
    public boolean isSuccess() {
        return reasonCode < 0x80;
    }
}
