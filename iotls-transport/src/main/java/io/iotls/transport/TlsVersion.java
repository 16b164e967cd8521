package io.iotls.transport;

import java.util.Locale;

/** TLS versions iotls speaks. SSL 3.0, TLS 1.0 and TLS 1.1 are refused (RFC 8996). */
public enum TlsVersion {
    TLS_1_2("TLS 1.2"),
    TLS_1_3("TLS 1.3");

    private final String displayName;

    TlsVersion(String displayName) {
        this.displayName = displayName;
    }

    /** Parses {@code 1.2}, {@code tlsv1.2}, {@code TLSv1.3}, {@code TLS 1.3}, ... (mosquitto spells {@code tlsv1.2}). */
    public static TlsVersion parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT).replace("tlsv", "").replace("tls", "").replace("_", ".").trim();
        return switch (v) {
            case "1.2" -> TLS_1_2;
            case "1.3" -> TLS_1_3;
            case "1", "1.0", "1.1", "ssl3", "sslv3", "ssl" -> throw new IllegalArgumentException(
                    "TLS version '" + text + "' is obsolete and refused (RFC 8996); supported: tlsv1.2, tlsv1.3");
            default -> throw new IllegalArgumentException(
                    "unknown TLS version '" + text + "'; supported: tlsv1.2, tlsv1.3");
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
