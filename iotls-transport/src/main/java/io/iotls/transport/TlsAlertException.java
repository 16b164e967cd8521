package io.iotls.transport;

import java.io.IOException;

/**
 * An established connection ended by a fatal TLS alert (RFC 8446 6.2): which alert, which side raised it, and what to
 * do about it. Handshake failures are {@link HandshakeException}s instead. Never contains keys or data.
 */
public final class TlsAlertException extends IOException {
    private static final long serialVersionUID = 1L;

    private final TlsAlert alert;
    private final boolean fromPeer;

    public TlsAlertException(TlsAlert alert, boolean fromPeer, Throwable cause) {
        super(message(alert, fromPeer), cause);
        this.alert = alert;
        this.fromPeer = fromPeer;
    }

    /** The alert description. */
    public TlsAlert alert() {
        return alert;
    }

    /** True if the peer sent the alert (it rejected something of ours); false if we raised it. */
    public boolean fromPeer() {
        return fromPeer;
    }

    private static String message(TlsAlert alert, boolean fromPeer) {
        String what = switch (alert) {
            case BAD_RECORD_MAC -> fromPeer
                    ? "the peer found a record from us altered: it failed the integrity check"
                    : "a record from the peer failed its integrity check: its bytes were altered on the way";
            case RECORD_OVERFLOW -> fromPeer
                    ? "the peer refused a record from us as too large"
                    : "the peer sent a record larger than TLS allows";
            case DECODE_ERROR, UNEXPECTED_MESSAGE, ILLEGAL_PARAMETER -> fromPeer
                    ? "the peer could not accept a TLS message from us"
                    : "the peer sent a TLS message that breaks the protocol";
            default -> fromPeer ? "the peer ended the connection" : "this side ended the connection";
        };
        String hint = switch (alert) {
            case BAD_RECORD_MAC -> "data is being changed between the two ends (a faulty link, NIC or middlebox), or a"
                    + " peer's TLS stack lost its keys' state; reconnecting starts with fresh keys, and if it repeats, look at"
                    + " what sits between the two ends";
            case RECORD_OVERFLOW, DECODE_ERROR, UNEXPECTED_MESSAGE, ILLEGAL_PARAMETER -> "one TLS stack is at fault or"
                    + " something rewrites the stream; reconnect, and report it with both ends' versions if it repeats";
            default -> "reconnect; the peer's log says why it ended the connection";
        };
        return what + " (alert " + alert + ", after the handshake); the connection is closed. Hint: " + hint + ".";
    }
}
