package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TlsAlert;
import io.iotls.transport.TlsOptions;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Turns what went wrong during a handshake (our own check, a peer's alert, a local alert, a reset, a timeout) into
 * a {@link HandshakeException} that names the seed's step, the reason and a hint. Where the wire is ambiguous it
 * says so and lists the likely causes.
 */
public final class FailureClassifier {
    private final TraceRecorder trace;
    private final TlsOptions options;

    public FailureClassifier(TraceRecorder trace, TlsOptions options) {
        this.trace = trace;
        this.options = options;
    }

    public HandshakeException classify(Throwable e) {
        HandshakeException.Builder b = build(e);
        HandshakeException failure = b.build();
        trace.verdict("FAILED at " + failure.step() + ": " + failure.reason().summary()
                + failure.alert().map(a -> " (alert " + a + (failure.alertFromPeer() ? " from the peer)" : " sent)")).orElse(""));
        return b.trace(trace.snapshot()).build();
    }

    private HandshakeException.Builder build(Throwable e) {
        if (trace.problem().isPresent()) {
            CertificateProblem p = trace.problem().get();
            HandshakeException.Builder b = HandshakeException.builder(trace.failedStep(), p.reason(), p.getMessage());
            if (p.hint() != null) b.hint(p.hint());
            trace.localAlert().ifPresent(a -> b.alert(a, false));
            return b;
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return fromPeerAlert(TlsAlert.fromCode(received.getAlertDescription()).orElse(TlsAlert.HANDSHAKE_FAILURE));
        }
        if (trace.peerAlert().isPresent()) return fromPeerAlert(trace.peerAlert().get());
        if (e instanceof TlsFatalAlert local) {
            return fromLocalAlert(TlsAlert.fromCode(local.getAlertDescription()).orElse(TlsAlert.INTERNAL_ERROR), local);
        }
        if (e instanceof SocketTimeoutException) {
            return HandshakeException.builder(nextStep(), FailureReason.TIMEOUT, "no answer within "
                    + options.handshakeTimeout().toMillis() + " ms after " + trace.lastStep().map(Object::toString).orElse("connecting"));
        }
        if (e instanceof EOFException || e instanceof SocketException) {
            return closedWithoutAlert(e);
        }
        return HandshakeException.builder(nextStep(), FailureReason.PROTOCOL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage())
                .cause(e);
    }

    private HandshakeException.Builder fromPeerAlert(TlsAlert alert) {
        boolean sentClientCertificate = trace.has(HandshakeStep.CLIENT_CERTIFICATE) && trace.problem().isEmpty()
                && options.clientCertificate().isPresent();
        boolean serverHelloSeen = trace.has(HandshakeStep.SERVER_HELLO);
        boolean psk = options.psk().isPresent();
        HandshakeException.Builder b = switch (alert) {
            case PROTOCOL_VERSION -> HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PROTOCOL_VERSION,
                    "the server supports none of the TLS versions offered (" + options.minVersion() + " to " + options.maxVersion() + ")");
            case CERTIFICATE_REQUIRED -> clientCertificateRequired();
            case UNKNOWN_PSK_IDENTITY -> HandshakeException.builder(pskIdentityStep(), FailureReason.UNKNOWN_PSK_IDENTITY,
                    "the server knows no PSK identity '" + options.psk().map(p -> p.identity()).orElse("?") + "'");
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED, CERTIFICATE_UNKNOWN,
                 UNKNOWN_CA, ACCESS_DENIED -> sentClientCertificate
                    ? HandshakeException.builder(HandshakeStep.CLIENT_CERTIFICATE, FailureReason.CLIENT_CERTIFICATE_REJECTED,
                            "the server rejected our client certificate" + clientCertificateVerdict(alert))
                    : HandshakeException.builder(nextStep(), FailureReason.PEER_ALERT, "the server sent alert " + alert);
            case HANDSHAKE_FAILURE -> handshakeFailure(serverHelloSeen, psk);
            case DECRYPT_ERROR, BAD_RECORD_MAC -> psk && !serverHelloSeen
                    ? HandshakeException.builder(HandshakeStep.CLIENT_HELLO, FailureReason.PSK_REJECTED,
                            "the server could not verify the PSK binder in our ClientHello (TLS 1.3): the PSK key differs from "
                                    + "the server's for identity '" + options.psk().get().identity() + "'")
                    : psk && !options.clientCertificate().isPresent()
                    ? HandshakeException.builder(HandshakeStep.CLIENT_FINISHED, FailureReason.PSK_REJECTED,
                            "the server could not verify our Finished: the PSK key differs from the server's for identity '"
                                    + options.psk().get().identity() + "'")
                    : HandshakeException.builder(nextStep(), FailureReason.PEER_ALERT, "the server could not verify our messages (" + alert + ")");
            case ILLEGAL_PARAMETER -> psk && !serverHelloSeen
                    ? HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PSK_REJECTED,
                            "the server refused our TLS 1.3 PSK (binder did not verify: wrong key, or identity unknown)")
                    : HandshakeException.builder(nextStep(), FailureReason.PROTOCOL_ERROR, "the server found a parameter illegal");
            default -> HandshakeException.builder(nextStep(), FailureReason.PEER_ALERT, "the server sent alert " + alert);
        };
        if (alert == TlsAlert.CERTIFICATE_REVOKED && sentClientCertificate) {
            b.hint("this client certificate is revoked: get a new one from your CA (for the test PKI: iotls pki client DIR NAME)");
        }
        return b.alert(alert, true);
    }

    private HandshakeException.Builder handshakeFailure(boolean serverHelloSeen, boolean psk) {
        if (!serverHelloSeen) {
            if (psk && ExternalPskHash.isSha384Only(options.cipherSuites()) && options.cipherSuitesNamed()) {
                return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PSK_REJECTED,
                        "the server aborted after our ClientHello; only SHA-384 TLS 1.3 suites were named, so the PSK is bound to "
                                + "SHA-384, while OpenSSL and mosquitto bind every external PSK to SHA-256")
                        .hint("also name TLS_AES_128_GCM_SHA256 (or TLS_CHACHA20_POLY1305_SHA256) in --ciphers")
                        .likelyCauses(List.of("the server binds external PSKs to SHA-256 (OpenSSL, mosquitto)",
                                "unknown PSK identity", "wrong PSK key"));
            }
            if (psk) {
                return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PSK_REJECTED,
                        "the server aborted after our ClientHello with a generic alert; with a PSK this most often means it "
                                + "has no key for identity '" + options.psk().get().identity() + "'")
                        .likelyCauses(List.of("unknown PSK identity (TLS 1.3 servers skip unknown identities, then fail)",
                                "wrong PSK key (TLS 1.3 binder check)", "no common cipher suite"));
            }
            return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.NO_COMMON_CIPHER_SUITE,
                    "the server found no cipher suite (or key exchange group, or signature scheme) in common with our "
                            + clientHelloOffer())
                    .likelyCauses(List.of("no common cipher suite", "the server's certificate type fits none of the suites offered",
                            "no common key exchange group"));
        }
        if (trace.has(HandshakeStep.CERTIFICATE_REQUEST) && options.clientCertificate().isEmpty()) {
            return clientCertificateRequired();
        }
        if (trace.has(HandshakeStep.CLIENT_CERTIFICATE) && options.clientCertificate().isPresent()) {
            return HandshakeException.builder(HandshakeStep.CLIENT_CERTIFICATE, FailureReason.CLIENT_CERTIFICATE_REJECTED,
                    "the server aborted after our client certificate with a generic alert")
                    .likelyCauses(List.of("client certificate not trusted by the server's CA file", "client certificate revoked or expired",
                            "CertificateVerify signature scheme refused"));
        }
        return HandshakeException.builder(nextStep(), FailureReason.PEER_ALERT, "the server aborted the handshake (handshake_failure)");
    }

    private String clientHelloOffer() {
        return trace.snapshot().entries().stream().filter(e -> e.step() == HandshakeStep.CLIENT_HELLO)
                .map(e -> e.details().get(0)).findFirst().orElse("ClientHello");
    }

    private HandshakeException.Builder clientCertificateRequired() {
        return HandshakeException.builder(HandshakeStep.CLIENT_CERTIFICATE, FailureReason.CLIENT_CERTIFICATE_REQUIRED,
                "the server requires a client certificate and we have none configured");
    }

    private String clientCertificateVerdict(TlsAlert alert) {
        return switch (alert) {
            case CERTIFICATE_REVOKED -> ": it is revoked (the server's CRL lists it)";
            case CERTIFICATE_EXPIRED -> ": it is expired or not yet valid";
            case UNKNOWN_CA -> ": it is not signed by a CA the server trusts";
            case ACCESS_DENIED -> ": the server denies access to this identity";
            default -> " (" + alert + "): not trusted, or not acceptable to the server";
        };
    }

    private HandshakeException.Builder fromLocalAlert(TlsAlert alert, TlsFatalAlert e) {
        String msg = e.getMessage() == null ? alert.toString() : e.getMessage();
        if (alert == TlsAlert.PROTOCOL_VERSION) {
            return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PROTOCOL_VERSION,
                    "the server chose a TLS version we do not offer (" + options.minVersion() + " to " + options.maxVersion()
                            + "; TLS 1.0/1.1 are refused)").alert(alert, false);
        }
        if ((alert == TlsAlert.DECRYPT_ERROR || alert == TlsAlert.BAD_RECORD_MAC) && options.psk().isPresent()) {
            return HandshakeException.builder(HandshakeStep.SERVER_FINISHED, FailureReason.PSK_REJECTED,
                    "the server's Finished did not verify: the PSK keys differ").alert(alert, false);
        }
        // the record layer refuses these before any message is parsed; its words say which record came
        if (alert == TlsAlert.UNEXPECTED_MESSAGE && msg.contains("change_cipher_spec")) {
            trace.step(HandshakeStep.SERVER_CHANGE_CIPHER_SPEC, "refused by the record layer: " + msg);
            return HandshakeException.builder(HandshakeStep.SERVER_CHANGE_CIPHER_SPEC, FailureReason.PROTOCOL_ERROR,
                    "the server sent a ChangeCipherSpec that is not the one byte 01 (RFC 8446 5, RFC 5246 7.1)")
                    .hint("a broken TLS stack or something on the way that rewrites records; see the broker's log")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.UNEXPECTED_MESSAGE && msg.contains("application_data") && !trace.has(HandshakeStep.SERVER_FINISHED)) {
            trace.step(HandshakeStep.UNEXPECTED_RECORD, "application_data before the server's Finished, refused by the record layer");
            return HandshakeException.builder(HandshakeStep.UNEXPECTED_RECORD, FailureReason.PROTOCOL_ERROR,
                    "the server sent application data before its Finished: no keys protect it yet, so it is refused "
                            + "(RFC 8446 5, RFC 5246 6.2.1)")
                    .hint("a broken TLS stack or something on the way that injects records; see the broker's log")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.ILLEGAL_PARAMETER && trace.unofferedScheme().isPresent()) {
            HandshakeStep step = trace.lastStepBy(HandshakeStep.Sender.SERVER).orElse(HandshakeStep.SERVER_KEY_EXCHANGE);
            return HandshakeException.builder(step, FailureReason.PROTOCOL_ERROR, "the server signed its " + step + " with "
                    + trace.unofferedScheme().get() + ", a signature scheme we did not offer (RFC 5246 7.4.1.4.1, RFC 8446 4.2.3); "
                    + "iotls offers no SHA-1, SHA-224 or DSA schemes")
                    .hint("the broker's TLS stack signs only with a weak or unoffered scheme: update it or its certificate "
                            + "(RSA-PSS or ECDSA with SHA-256 or better)")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.ILLEGAL_PARAMETER && trace.hasDowngradeSentinel()) {
            return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.PROTOCOL_VERSION,
                    "the server answered with TLS 1.2 but its random carries the TLS 1.3 downgrade sentinel (RFC 8446 4.1.3): a "
                            + "server that speaks TLS 1.3 was made to answer with an older version")
                    .hint("something between us and the broker removes TLS 1.3 from our ClientHello (a man in the middle or an "
                            + "intercepting middlebox): connect without it; iotls refuses such a downgrade")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.DECRYPT_ERROR && (trace.lastStep().orElse(null) == HandshakeStep.SERVER_CERTIFICATE_VERIFY
                || trace.lastStep().orElse(null) == HandshakeStep.SERVER_KEY_EXCHANGE)) {
            HandshakeStep step = trace.lastStep().get();
            return HandshakeException.builder(step, FailureReason.PROTOCOL_ERROR, "the server's signature in " + step
                    + " does not verify with the key of the certificate it sent: the server does not hold that certificate's "
                    + "private key, or the handshake was altered on the way")
                    .hint("check the broker's certfile and keyfile belong together; if they do, something on the way changes the handshake")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.DECRYPT_ERROR && trace.lastStep().orElse(null) == HandshakeStep.SERVER_FINISHED) {
            return HandshakeException.builder(HandshakeStep.SERVER_FINISHED, FailureReason.PROTOCOL_ERROR,
                    "the server's Finished does not verify: its MAC over the handshake differs from ours, so the handshake was "
                            + "altered on the way or the two sides derived different keys (RFC 8446 4.4.4, RFC 5246 7.4.9)")
                    .hint("something between us and the broker changes the handshake, or the broker's TLS stack is broken; "
                            + "see the broker's log")
                    .alert(alert, false).cause(e);
        }
        if (alert == TlsAlert.RECORD_OVERFLOW) { // a TLS record header whose length is over the limit: TLS, but broken
            return HandshakeException.builder(trace.lastStep().orElse(HandshakeStep.CLIENT_HELLO), FailureReason.PROTOCOL_ERROR,
                    "the peer sent a record longer than TLS allows (16384 bytes of plaintext, RFC 8446 5.1 / RFC 5246 6.2.1): "
                            + "record layer")
                    .hint("a broken or hostile peer, or a middlebox that rewrites records; see the broker's log")
                    .alert(alert, false).cause(e);
        }
        if (trace.lastStepBy(HandshakeStep.Sender.SERVER).isEmpty() && trace.has(HandshakeStep.CLIENT_HELLO) // no TLS message from it yet
                && (alert == TlsAlert.UNEXPECTED_MESSAGE || alert == TlsAlert.DECODE_ERROR)) {
            return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.NOT_TLS,
                    "the answer to our ClientHello is not TLS (" + alert + ")").alert(alert, false);
        }
        return HandshakeException.builder(trace.lastStep().orElse(HandshakeStep.CLIENT_HELLO), FailureReason.PROTOCOL_ERROR, msg)
                .alert(alert, false).cause(e);
    }

    private HandshakeException.Builder closedWithoutAlert(Throwable e) {
        String how = e instanceof EOFException ? "closed the connection" : "reset the connection (" + e.getMessage() + ")";
        HandshakeStep last = trace.lastStepBy(HandshakeStep.Sender.CLIENT).orElse(HandshakeStep.CLIENT_HELLO);
        var partial = trace.partialMessage();
        if (partial.isPresent()) { // the server stopped inside a message: named there, with how much came
            var p = partial.get();
            trace.step(p.step(), p.length() < 0 ? "only part of the message header came"
                    : p.received() + " of its " + p.length() + " bytes came, then the connection ended");
            return HandshakeException.builder(p.step(), FailureReason.CONNECTION_RESET, "the server " + how + " in the middle of its "
                    + p.step() + " message" + (p.length() < 0 ? "" : " (" + p.received() + " of " + p.length() + " bytes)")
                    + ", without a TLS alert")
                    .likelyCauses(List.of("the broker or its host stopped during the handshake (crash, restart, out of memory)",
                            "something on the way cuts connections (a firewall, a proxy, an idle timeout)"))
                    .hint("see the broker's log; if it shows nothing, look at what lies between us and it");
        }
        if (!trace.has(HandshakeStep.SERVER_HELLO)) {
            return HandshakeException.builder(HandshakeStep.SERVER_HELLO, FailureReason.CONNECTION_RESET,
                    "the server " + how + " after our ClientHello, without a TLS alert")
                    .likelyCauses(List.of("the port does not speak TLS (plain MQTT on 1883?)", "no common TLS version or cipher suite",
                            options.psk().isPresent() ? "PSK identity unknown to the server" : "the server does not accept this SNI name"));
        }
        if (options.clientCertificate().isPresent() && trace.has(HandshakeStep.CLIENT_CERTIFICATE)) {
            return HandshakeException.builder(HandshakeStep.CLIENT_CERTIFICATE, FailureReason.CLIENT_CERTIFICATE_REJECTED,
                    "the server " + how + " after our client certificate, without a TLS alert")
                    .likelyCauses(List.of("client certificate not trusted by the server", "client certificate revoked",
                            "the broker refuses this client for another reason (see its log)"));
        }
        if (trace.has(HandshakeStep.CERTIFICATE_REQUEST) && options.clientCertificate().isEmpty()) {
            return clientCertificateRequired().likelyCauses(List.of("the server requires a client certificate"));
        }
        return HandshakeException.builder(nextAfter(last), FailureReason.CONNECTION_RESET,
                "the server " + how + " after " + last + ", without a TLS alert")
                .likelyCauses(List.of(options.psk().isPresent() ? "PSK key or identity rejected" : "the server refused our handshake",
                        "the broker's log says why"));
    }

    private HandshakeStep pskIdentityStep() {
        return trace.version().map(v -> v == io.iotls.transport.TlsVersion.TLS_1_3).orElse(true)
                ? HandshakeStep.CLIENT_HELLO : HandshakeStep.CLIENT_KEY_EXCHANGE;
    }

    /** The step we were waiting for: the one after the last thing that happened. */
    private HandshakeStep nextStep() {
        return trace.lastStep().map(FailureClassifier::nextAfter).orElse(HandshakeStep.CLIENT_HELLO);
    }

    private static HandshakeStep nextAfter(HandshakeStep last) {
        return switch (last) {
            case CLIENT_HELLO -> HandshakeStep.SERVER_HELLO;
            case CLIENT_FINISHED -> HandshakeStep.SERVER_FINISHED;
            default -> last;
        };
    }

    /** For a failure before the handshake (unreadable file, bad key password, key mismatch). */
    public static HandshakeException setupFailure(CertificateProblem p) {
        HandshakeException.Builder b = HandshakeException.builder(HandshakeStep.SETUP, p.reason(), p.getMessage());
        if (p.hint() != null) b.hint(p.hint());
        return b.build();
    }
}
