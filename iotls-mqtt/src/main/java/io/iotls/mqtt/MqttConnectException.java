package io.iotls.mqtt;

/** The broker answered CONNECT with a refusal; {@link #connAck()} says why (3.1.1 return code or MQTT 5 reason code). */
public final class MqttConnectException extends MqttException {
    private static final long serialVersionUID = 1L;
    private final transient ConnAck connAck;

    public MqttConnectException(ConnAck connAck) {
        super("the broker refused the connection: CONNACK " + connAck.describe(), connAck.code(), null);
        this.connAck = connAck;
    }

    public ConnAck connAck() {
        return connAck;
    }

    /** MQTT 3.1.1's return code, when the connection used 3.1.1. */
    public java.util.Optional<ConnAckReturnCode> returnCode() {
        return connAck.version() != MqttVersion.V5 ? ConnAckReturnCode.fromCode(connAck.code()) : java.util.Optional.empty();
    }

    /** MQTT 5's reason code, when the connection used MQTT 5. */
    public java.util.Optional<ConnAckReasonCode> reason() {
        return connAck.version() == MqttVersion.V5 ? ConnAckReasonCode.fromCode(connAck.code()) : java.util.Optional.empty();
    }
}
