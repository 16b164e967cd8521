package io.iotls.transport;

import java.util.Arrays;
import java.util.Optional;

/** TLS alert descriptions (RFC 8446 6, RFC 5246 7.2). */
public enum TlsAlert {
    CLOSE_NOTIFY(0), UNEXPECTED_MESSAGE(10), BAD_RECORD_MAC(20), RECORD_OVERFLOW(22), HANDSHAKE_FAILURE(40),
    BAD_CERTIFICATE(42), UNSUPPORTED_CERTIFICATE(43), CERTIFICATE_REVOKED(44), CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46), ILLEGAL_PARAMETER(47), UNKNOWN_CA(48), ACCESS_DENIED(49), DECODE_ERROR(50),
    DECRYPT_ERROR(51), PROTOCOL_VERSION(70), INSUFFICIENT_SECURITY(71), INTERNAL_ERROR(80),
    INAPPROPRIATE_FALLBACK(86), USER_CANCELED(90), MISSING_EXTENSION(109), UNSUPPORTED_EXTENSION(110),
    UNRECOGNIZED_NAME(112), BAD_CERTIFICATE_STATUS_RESPONSE(113), UNKNOWN_PSK_IDENTITY(115),
    CERTIFICATE_REQUIRED(116), NO_APPLICATION_PROTOCOL(120);

    private final int code;

    TlsAlert(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<TlsAlert> fromCode(int code) {
        return Arrays.stream(values()).filter(a -> a.code == code).findFirst();
    }

    /** The RFC's name, e.g. {@code certificate_revoked(44)}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT) + "(" + code + ")";
    }
}
