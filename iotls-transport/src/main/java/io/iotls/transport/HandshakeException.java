package io.iotls.transport;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A TLS connection that could not be established: the seed's step that failed, why, the alert if one was
 * sent or received, and a hint. Never contains keys, passwords or PSKs.
 */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final HandshakeStep step;
    private final FailureReason reason;
    private final String detail;
    private final String hint;
    private final TlsAlert alert;
    private final boolean alertFromPeer;
    private final List<String> likelyCauses;
    private final transient HandshakeTrace trace;

    private HandshakeException(Builder b) {
        super(message(b), b.cause);
        this.step = b.step;
        this.reason = b.reason;
        this.detail = b.detail;
        this.hint = b.hint != null ? b.hint : b.reason.defaultHint();
        this.alert = b.alert;
        this.alertFromPeer = b.alertFromPeer;
        this.likelyCauses = List.copyOf(b.likelyCauses);
        this.trace = b.trace;
    }

    public static Builder builder(HandshakeStep step, FailureReason reason, String detail) {
        return new Builder(step, reason, detail);
    }

    public HandshakeStep step() { return step; }
    public FailureReason reason() { return reason; }
    /** What happened, in one sentence. */
    public String detail() { return detail; }
    public String hint() { return hint; }
    public Optional<TlsAlert> alert() { return Optional.ofNullable(alert); }
    /** True when the alert came from the peer, false when we sent it. */
    public boolean alertFromPeer() { return alertFromPeer; }
    /** Where the wire is ambiguous (a reset, a generic alert): the causes that fit, most likely first. */
    public List<String> likelyCauses() { return likelyCauses; }
    /** The handshake up to the failure; empty for failures before connecting. */
    public Optional<HandshakeTrace> trace() { return Optional.ofNullable(trace); }

    /**
     * What failed, in the seed's words: "TLS handshake failed at ServerHello"; before any handshake began, the set-up
     * ("TLS set-up failed before connecting") or the TCP connection ("TLS connection failed at TCP connect").
     */
    public static String headline(HandshakeStep step) {
        return switch (step) {
            case SETUP -> "TLS set-up failed before connecting";
            case TCP_CONNECT -> "TLS connection failed at TCP connect";
            case PROXY_TUNNEL -> "TLS connection failed at the proxy tunnel";
            case WEBSOCKET_UPGRADE -> "connection failed at the WebSocket upgrade";
            default -> "TLS handshake failed at " + step;
        };
    }

    private static String message(Builder b) {
        StringBuilder m = new StringBuilder(headline(b.step)).append(": ")
                .append(b.reason.summary()).append(": ").append(b.detail);
        if (b.alert != null) m.append(" [alert ").append(b.alert).append(b.alertFromPeer ? " from peer]" : " sent]");
        if (!b.likelyCauses.isEmpty()) m.append(". Likely causes: ").append(String.join("; ", b.likelyCauses));
        m.append(". Hint: ").append(b.hint != null ? b.hint : b.reason.defaultHint());
        return m.toString();
    }

    public static final class Builder {
        private final HandshakeStep step;
        private final FailureReason reason;
        private final String detail;
        private String hint;
        private TlsAlert alert;
        private boolean alertFromPeer;
        private List<String> likelyCauses = List.of();
        private HandshakeTrace trace;
        private Throwable cause;

        private Builder(HandshakeStep step, FailureReason reason, String detail) {
            this.step = Objects.requireNonNull(step);
            this.reason = Objects.requireNonNull(reason);
            this.detail = Objects.requireNonNull(detail);
        }

        public Builder hint(String hint) { this.hint = hint; return this; }
        public Builder alert(TlsAlert alert, boolean fromPeer) { this.alert = alert; this.alertFromPeer = fromPeer; return this; }
        public Builder likelyCauses(List<String> causes) { this.likelyCauses = List.copyOf(causes); return this; }
        public Builder trace(HandshakeTrace trace) { this.trace = trace; return this; }
        public Builder cause(Throwable cause) { this.cause = cause; return this; }
        public HandshakeException build() { return new HandshakeException(this); }
    }
}
