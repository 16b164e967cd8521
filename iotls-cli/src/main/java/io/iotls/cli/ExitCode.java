package io.iotls.cli;

import io.iotls.transport.FailureReason;

/** Exit codes of {@code iotls probe} (and the commands built on it), one per failure class. */
enum ExitCode {
    OK(0, "connected (and, with MQTT, the broker accepted CONNECT)"),
    OTHER(1, "other error (protocol error, unexpected alert)"),
    USAGE(2, "invalid command line or option"),
    SETUP(3, "local files: unreadable file, wrong key password, key not matching its certificate"),
    CONNECTION(4, "no TLS connection: refused, timeout, reset, not TLS"),
    SERVER_REJECTED(5, "server certificate rejected: untrusted, expired, wrong name, revoked, bad CRL"),
    CLIENT_REJECTED(6, "we were rejected: client certificate required/rejected, PSK rejected"),
    NEGOTIATION(7, "no common TLS version or cipher suite"),
    MQTT_REFUSED(8, "TLS fine, but the broker refused MQTT CONNECT (CONNACK code)");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    static ExitCode of(FailureReason reason) {
        return switch (reason) {
            case UNTRUSTED_CERTIFICATE, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID, HOSTNAME_MISMATCH, CERTIFICATE_REVOKED, CERTIFICATE_PURPOSE,
                 CERTIFICATE_MALFORMED, CERTIFICATE_WEAK, NAME_NOT_PERMITTED,
                 CRL_MISSING, CRL_INVALID, CRL_EXPIRED, OCSP_INVALID, OCSP_MISSING -> SERVER_REJECTED;
            case CLIENT_CERTIFICATE_REQUIRED, CLIENT_CERTIFICATE_REJECTED, PSK_REJECTED, UNKNOWN_PSK_IDENTITY -> CLIENT_REJECTED;
            case NO_COMMON_CIPHER_SUITE, PROTOCOL_VERSION -> NEGOTIATION;
            case KEY_CERTIFICATE_MISMATCH, BAD_KEY_PASSWORD, INVALID_CONFIGURATION -> SETUP;
            case TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, NOT_TLS, PROXY_REFUSED, WEBSOCKET_REFUSED -> CONNECTION;
            case PEER_ALERT, PROTOCOL_ERROR -> OTHER;
        };
    }

    /** For --help: one line per code. */
    static String table() {
        StringBuilder s = new StringBuilder();
        for (ExitCode c : values()) s.append(String.format("  %d  %s%n", c.code, c.meaning));
        return s.toString();
    }
}
