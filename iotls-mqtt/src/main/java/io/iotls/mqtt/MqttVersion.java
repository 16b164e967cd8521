package io.iotls.mqtt;

/** MQTT protocol versions, with the protocol level byte of CONNECT. */
public enum MqttVersion {
    /** MQTT 3.1 (protocol name "MQIsdp"), for old brokers and devices; as 3.1.1 on the wire otherwise. */
    V3_1(3, "3.1"),
    V3_1_1(4, "3.1.1"),
    V5(5, "5");

    private final int level;
    private final String displayName;

    MqttVersion(int level, String displayName) {
        this.level = level;
        this.displayName = displayName;
    }

    public int level() {
        return level;
    }

    /** The protocol name CONNECT carries: "MQIsdp" for 3.1, "MQTT" since 3.1.1. */
    public String protocolName() {
        return this == V3_1 ? "MQIsdp" : "MQTT";
    }

    /** Parses {@code 31}, {@code 311}, {@code 3.1.1}, {@code mqttv311}, {@code 5}, {@code mqttv5} (mosquitto's -V values). */
    public static MqttVersion parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT).replace("mqttv", "")) {
            case "31", "3.1", "3" -> V3_1;
            case "311", "3.1.1", "4" -> V3_1_1;
            case "5", "50", "5.0" -> V5;
            default -> throw new IllegalArgumentException("unknown MQTT version '" + text + "'; use 31, 311 or 5");
        };
    }

    @Override
    public String toString() {
        return "MQTT " + displayName;
    }
}
