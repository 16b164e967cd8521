package io.iotls.mqtt;

/** Quality of service of a PUBLISH (4.3). */
public enum Qos {
    AT_MOST_ONCE(0), AT_LEAST_ONCE(1), EXACTLY_ONCE(2);

    private final int code;

    Qos(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Qos of(int code) {
        if (code < 0 || code > 2) throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + code);
        return values()[code];
    }
}
