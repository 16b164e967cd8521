package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.material.PeerCertificates;

import io.iotls.transport.internal.crypto.HandshakeTranscript;
import io.iotls.transport.internal.crypto.Tls13Resumption;
import io.iotls.transport.internal.io.OutputQueue;

import io.iotls.transport.HandshakeStep;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DigitallySigned;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsUtils;

/**
 * Bouncy Castle's client state machine with a recorder on every message it sends and receives, so the trace is the
 * real handshake in the order it happened (TLS 1.3's encrypted messages included, as BC decrypts them).
 */
final class TracingClientProtocol extends TlsClientProtocol implements OutputQueue {
    private final TraceRecorder trace;
    private final BcTlsClient client;
    /** Every handshake message until the handshake completes, for the TLS 1.3 resumption master secret. */
    private final HandshakeTranscript transcript = new HandshakeTranscript();

    /** Non-blocking mode: we move the bytes, so a flight is written whole and a peer's alert is never lost. */
    TracingClientProtocol(TraceRecorder trace, BcTlsClient client) {
        super();
        this.trace = trace;
        this.client = client;
    }

    TlsContext context() {
        return getContext();
    }

    @Override
    public ByteQueue outputQueue() {
        return outputBuffer.getBuffer();
    }

    private boolean tls13() {
        return getContext().getServerVersion() != null && TlsUtils.isTLSv13(getContext());
    }

    @Override
    protected void processServerHello(ServerHello serverHello) throws IOException {
        ServerHelloRules.refuseUnofferedSuite(trace, clientHello, serverHello, HandshakeStep.SERVER_HELLO);
        super.processServerHello(serverHello);
    }

    @Override
    protected void process13ServerHello(ServerHello serverHello, boolean afterHelloRetryRequest) throws IOException {
        ServerHelloRules.refuseGrease(trace, serverHello, HandshakeStep.SERVER_HELLO);
        ServerHelloRules.refuseUnsharedGroup(trace, clientHello, serverHello);
        super.process13ServerHello(serverHello, afterHelloRetryRequest);
    }

    /**
     * A close_notify before the handshake completed: answered with close_notify (RFC 5246 7.2.1, RFC 8446 6.1) and the
     * handshake ends at once, named as the server's close; Bouncy Castle would wait for more until the timeout.
     */
    @Override
    protected void handleAlertWarningMessage(short description) throws IOException {
        if (description == org.bouncycastle.tls.AlertDescription.close_notify && isHandshaking()) {
            trace.detail(trace.lastStep().orElse(HandshakeStep.CLIENT_HELLO),
                    "the server closed the connection (close_notify) before the handshake completed; answered with close_notify");
            handleClose(false);
            throw new org.bouncycastle.tls.TlsFatalAlertReceived(org.bouncycastle.tls.AlertDescription.close_notify);
        }
        super.handleAlertWarningMessage(description);
    }

    /** A KeyUpdate that asks for ours is answered at once (RFC 8446 4.6.3), not with the next application data. */
    @Override
    protected void receive13KeyUpdate(ByteArrayInputStream buf) throws IOException {
        byte[] body = buf.readAllBytes(); // one byte, request_update (RFC 8446 4.6.3); Bouncy Castle's input cannot be reset
        super.receive13KeyUpdate(new ByteArrayInputStream(body));
        boolean requested = body.length == 1 && body[0] == org.bouncycastle.tls.KeyUpdateRequest.update_requested;
        trace.afterHandshake().detail(requested ? "update_requested: it asks for ours" : "update_not_requested");
        if (requested) {
            send13KeyUpdate(false);
            trace.afterHandshake().detail("answered at once with our KeyUpdate");
        }
    }

    @Override
    protected void sendClientHello() throws IOException {
        trace.step(HandshakeStep.CLIENT_HELLO, client.describeClientHello().toArray(String[]::new));
        super.sendClientHello();
    }

    @Override
    protected void process13HelloRetryRequest(ServerHello helloRetryRequest) throws IOException {
        trace.relabelLast(HandshakeStep.SERVER_HELLO, HandshakeStep.HELLO_RETRY_REQUEST);
        ServerHelloRules.refuseGrease(trace, helloRetryRequest, HandshakeStep.HELLO_RETRY_REQUEST);
        super.process13HelloRetryRequest(helloRetryRequest);
        var group = getContext().getSecurityParametersHandshake().getNegotiatedGroup();
        trace.detail(HandshakeStep.HELLO_RETRY_REQUEST, "server asks for a key share on "
                + (group >= 0 ? NamedGroup.getName(group) : "another group"));
    }

    @Override
    protected void send13ClientHelloRetry() throws IOException {
        trace.step(HandshakeStep.CLIENT_HELLO, "second ClientHello, with the key share the server asked for");
        super.send13ClientHelloRetry();
    }

    @Override
    protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
        if (!isHandshaking()) { // after the handshake (tickets, key updates, renegotiation requests): a log of their own
            recordAfterHandshake(type);
            super.handleHandshakeMessage(type, buf);
            return;
        }
        keepInTranscript(buf);
        HandshakeStep step = inbound(type);
        byte[] random = type == HandshakeType.server_hello ? serverRandom : null;
        serverRandom = null;
        boolean helloRetry = random != null && java.util.Arrays.equals(random, HELLO_RETRY_RANDOM);
        if (step != null) trace.step(step);
        else trace.detail(HandshakeStep.SERVER_HELLO, "received " + HandshakeType.getText(type));
        if (random != null && downgradeSentinel(random)) {
            trace.downgradeSentinel();
            trace.detail(step, "random ends with the downgrade sentinel 'DOWNGRD' (RFC 8446 4.1.3): a TLS 1.3 server answers with an older version");
        }
        if (buf.available() > MAX_HANDSHAKE_MESSAGE) { // Bouncy Castle reads up to BcTlsClient's larger bound, iotls refuses here
            String what = HandshakeType.getText(type) + " message of " + buf.available() + " bytes, over iotls' limit of "
                    + MAX_HANDSHAKE_MESSAGE + " (a certificate chain that large is no broker's)";
            trace.detail(step != null ? step : HandshakeStep.SERVER_HELLO, what);
            throw new org.bouncycastle.tls.TlsFatalAlert(org.bouncycastle.tls.AlertDescription.illegal_parameter, what);
        }
        if (type == HandshakeType.server_key_exchange) describeServerKeyExchange(buf);
        if (type == HandshakeType.certificate_verify) describeCertificateVerify(buf);
        try {
            super.handleHandshakeMessage(type, buf);
        } catch (IOException | RuntimeException e) {
            // a HelloRetryRequest refused before Bouncy Castle said what it was (a second one): named for what it is
            if (helloRetry) trace.relabelLast(HandshakeStep.SERVER_HELLO, HandshakeStep.HELLO_RETRY_REQUEST);
            throw e;
        }
        afterInbound(type);
    }

    /** The whole message, header included (BC's mark), into the transcript; the input is left where it was. */
    private void keepInTranscript(HandshakeMessageInput buf) {
        if (!transcriptNeeded()) return;
        int unread = buf.available();
        buf.reset();
        byte[] whole = buf.readAllBytes();
        transcript.append(whole, 0, whole.length);
        buf.reset();
        buf.skip(buf.available() - unread);
    }

    /** Only TLS 1.3 tickets need the transcript: kept until the server chose its version, dropped if that is TLS 1.2. */
    private boolean transcriptNeeded() {
        if (!client.keepsTickets()) return false;
        if (getContext().getServerVersion() == null || TlsUtils.isTLSv13(getContext())) return true;
        transcript.clear();
        return false;
    }

    /** Our handshake messages, as the plaintext fragments Bouncy Castle hands the record layer, into the transcript. */
    @Override
    protected void safeWriteRecord(short type, byte[] buf, int offset, int len) throws IOException {
        if (type == org.bouncycastle.tls.ContentType.handshake && isHandshaking() && transcriptNeeded()) {
            transcript.append(buf, offset, len);
        }
        super.safeWriteRecord(type, buf, offset, len);
    }

    private void recordAfterHandshake(short type) {
        var log = trace.afterHandshake();
        switch (type) {
            case HandshakeType.hello_request -> log.message(HandshakeStep.HELLO_REQUEST, "the server asks to renegotiate");
            case HandshakeType.key_update -> log.message(HandshakeStep.SERVER_KEY_UPDATE, "the server changes its traffic keys");
            case HandshakeType.new_session_ticket -> log.message(HandshakeStep.NEW_SESSION_TICKET);
            case HandshakeType.certificate_request -> log.message(HandshakeStep.CERTIFICATE_REQUEST,
                    "post-handshake authentication, which iotls never offers (no post_handshake_auth): refused");
            default -> log.message(HandshakeStep.UNEXPECTED_RECORD, HandshakeType.getText(type) + " after the handshake");
        }
    }

    /** A renegotiation request (HelloRequest) is refused, as iotls never renegotiates: the answer goes in the log. */
    @Override
    protected void refuseRenegotiation() throws IOException {
        trace.afterHandshake().detail("answered with a no_renegotiation warning alert: iotls never renegotiates "
                + "(a new handshake inside the connection; closed to the attacks of CVE-2009-3555)");
        super.refuseRenegotiation();
    }

    /** The HelloRetryRequest's fixed random (RFC 8446 4.1.3): SHA-256 of "HelloRetryRequest". */
    private static final byte[] HELLO_RETRY_RANDOM = org.bouncycastle.util.encoders.Hex.decode(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /**
     * The random of the ServerHello that starts the record being processed (ServerHello always comes first in its record
     * and in plaintext): read there, because Bouncy Castle's message input cannot be read twice, and a second
     * HelloRetryRequest is refused before Bouncy Castle says what it was.
     */
    private byte[] serverRandom;

    private static boolean downgradeSentinel(byte[] random) {
        byte[] tail = java.util.Arrays.copyOfRange(random, 24, 32);
        return java.util.Arrays.equals(tail, new byte[] {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01})
                || java.util.Arrays.equals(tail, new byte[] {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00});
    }

    /** Reads the random of a ServerHello at the start of a record (see {@link #serverRandom}). */
    @Override
    protected void processRecord(short protocol, byte[] buf, int off, int len) throws IOException {
        if (protocol == org.bouncycastle.tls.ContentType.handshake && isHandshaking()) { // application data: nothing to do here
            if (len >= 38 && buf[off] == HandshakeType.server_hello) {
                serverRandom = java.util.Arrays.copyOfRange(buf, off + 6, off + 38); // type(1) length(3) version(2) random(32)
            }
            followMessages(buf, off, len);
        }
        super.processRecord(protocol, buf, off, len);
    }

    /** Where the server's handshake bytes stand between messages (for a server that stops in the middle of one). */
    private final MessageBoundaries boundaries = new MessageBoundaries();

    private void followMessages(byte[] buf, int off, int len) {
        boundaries.follow(buf, off, len);
        trace.partialMessage(boundaries.partial().map(p -> new TraceRecorder.PartialMessage(
                java.util.Optional.ofNullable(inbound(p.type())).orElse(HandshakeStep.UNEXPECTED_RECORD), p.received(), p.length()))
                .orElse(null));
    }

    /** The largest handshake message iotls takes from a server (as Bouncy Castle's default; OpenSSL allows 100 KB for certificates). */
    static final int MAX_HANDSHAKE_MESSAGE = 32_768;

    private HandshakeStep inbound(short type) {
        return switch (type) {
            case HandshakeType.server_hello -> HandshakeStep.SERVER_HELLO;
            case HandshakeType.encrypted_extensions -> HandshakeStep.ENCRYPTED_EXTENSIONS;
            case HandshakeType.certificate -> HandshakeStep.SERVER_CERTIFICATE;
            case HandshakeType.certificate_status -> HandshakeStep.CERTIFICATE_STATUS;
            case HandshakeType.server_key_exchange -> HandshakeStep.SERVER_KEY_EXCHANGE;
            case HandshakeType.certificate_request -> HandshakeStep.CERTIFICATE_REQUEST;
            case HandshakeType.certificate_verify -> HandshakeStep.SERVER_CERTIFICATE_VERIFY;
            case HandshakeType.server_hello_done -> HandshakeStep.SERVER_HELLO_DONE;
            case HandshakeType.new_session_ticket -> HandshakeStep.NEW_SESSION_TICKET;
            case HandshakeType.finished -> HandshakeStep.SERVER_FINISHED;
            default -> null;
        };
    }

    private void afterInbound(short type) {
        switch (type) {
            case HandshakeType.certificate_verify -> trace.detail(HandshakeStep.SERVER_CERTIFICATE_VERIFY,
                    "signature over the handshake verified with the server's key");
            case HandshakeType.finished -> trace.detail(HandshakeStep.SERVER_FINISHED, "verified: handshake MAC matches");
            case HandshakeType.encrypted_extensions -> trace.detail(HandshakeStep.ENCRYPTED_EXTENSIONS,
                    "server extensions, already encrypted with the handshake keys");
            case HandshakeType.server_hello_done -> trace.detail(HandshakeStep.SERVER_HELLO_DONE, "server's first flight complete");
            default -> { }
        }
        var params = getContext().getSecurityParametersHandshake();
        if (params == null) return;
        switch (type) {
            case HandshakeType.server_hello -> {
                if (trace.lastStepBy(HandshakeStep.Sender.SERVER).orElse(null) == HandshakeStep.HELLO_RETRY_REQUEST) {
                    return; // a HelloRetryRequest: no session yet, its group is in its own entry
                }
                if (params.isResumedSession()) {
                    trace.resumed(true);
                    trace.detail(HandshakeStep.SERVER_HELLO, "resumed session (abbreviated handshake: no certificates, no key exchange)");
                } else if (client.resumedByTicket()) {
                    trace.detail(HandshakeStep.SERVER_HELLO, "resumed session with a TLS 1.3 ticket (PSK plus a fresh key share: no certificates)");
                } else {
                    trace.detail(HandshakeStep.SERVER_HELLO, "new session");
                }
                if (tls13() && params.getNegotiatedGroup() >= 0) {
                    trace.detail(HandshakeStep.SERVER_HELLO, "key share " + NamedGroup.getName(params.getNegotiatedGroup()));
                }
            }
            default -> { }
        }
    }

    @Override
    protected void completeHandshake() throws IOException {
        if (tls13() && client.keepsTickets()) {
            var params = getContext().getSecurityParametersHandshake();
            client.tls13HandshakeCompleting(Tls13Resumption.resumptionMasterSecret(params, transcript), params.getPeerCertificate());
        }
        transcript.clear();
        super.completeHandshake();
    }

    /** RFC 8446 4.6.1; BC checks the message and ignores it, we keep the ticket. */
    @Override
    protected void receive13NewSessionTicket(ByteArrayInputStream buf) throws IOException {
        int unread = buf.available();
        super.receive13NewSessionTicket(buf);
        buf.reset(); // to BC's mark (the message header), then forward to where the body starts
        buf.skip(buf.available() - unread);
        long lifetimeSeconds = TlsUtils.readUint32(buf);
        TlsUtils.readUint32(buf); // ticket_age_add: BC sends obfuscated_ticket_age 0 (see Tls13Resumption)
        byte[] nonce = TlsUtils.readOpaque8(buf);
        byte[] ticket = TlsUtils.readOpaque16(buf, 1);
        boolean kept = client.ticketReceived(lifetimeSeconds, nonce, ticket);
        trace.afterHandshake().detail("lifetime " + lifetimeSeconds + " s, " + (kept
                ? "kept to resume the next connection" : "not kept (resumption off, or a lifetime of 0)"));
    }

    @Override
    protected void handleChangeCipherSpecMessage() throws IOException {
        trace.step(HandshakeStep.SERVER_CHANGE_CIPHER_SPEC, "server now encrypts");
        super.handleChangeCipherSpecMessage();
    }

    @Override
    protected void sendCertificateMessage(Certificate certificate, OutputStream endPointHash) throws IOException {
        trace.step(HandshakeStep.CLIENT_CERTIFICATE, describe(certificate));
        super.sendCertificateMessage(certificate, endPointHash);
    }

    @Override
    protected void send13CertificateMessage(Certificate certificate) throws IOException {
        trace.step(HandshakeStep.CLIENT_CERTIFICATE, describe(certificate) + " (encrypted)");
        super.send13CertificateMessage(certificate);
    }

    @Override
    protected void sendClientKeyExchange() throws IOException {
        trace.step(HandshakeStep.CLIENT_KEY_EXCHANGE, describeKeyExchange());
        super.sendClientKeyExchange();
    }

    @Override
    protected void sendCertificateVerifyMessage(DigitallySigned certificateVerify) throws IOException {
        trace.step(HandshakeStep.CLIENT_CERTIFICATE_VERIFY, "signed the handshake with our key ("
                + org.bouncycastle.tls.SignatureScheme.getName(org.bouncycastle.tls.SignatureScheme.from(certificateVerify.getAlgorithm())) + ")");
        super.sendCertificateVerifyMessage(certificateVerify);
    }

    @Override
    protected void send13CertificateVerifyMessage(DigitallySigned certificateVerify) throws IOException {
        trace.step(HandshakeStep.CLIENT_CERTIFICATE_VERIFY, "signed the handshake with our key ("
                + org.bouncycastle.tls.SignatureScheme.getName(org.bouncycastle.tls.SignatureScheme.from(certificateVerify.getAlgorithm())) + ", encrypted)");
        super.send13CertificateVerifyMessage(certificateVerify);
    }

    @Override
    protected void sendChangeCipherSpecMessage() throws IOException {
        trace.step(HandshakeStep.CLIENT_CHANGE_CIPHER_SPEC, tls13()
                ? "middlebox compatibility only (RFC 8446 D.4): TLS 1.3 already encrypts" : "client now encrypts");
        super.sendChangeCipherSpecMessage();
    }

    @Override
    protected void sendFinishedMessage() throws IOException {
        trace.step(HandshakeStep.CLIENT_FINISHED, "MAC over the handshake, encrypted");
        super.sendFinishedMessage();
    }

    @Override
    protected void send13FinishedMessage() throws IOException {
        trace.step(HandshakeStep.CLIENT_FINISHED, "MAC over the handshake, encrypted");
        super.send13FinishedMessage();
    }

    /** Reads the named group (RFC 8422 5.4) or DH prime size from the message without consuming it. */
    private void describeServerKeyExchange(HandshakeMessageInput buf) {
        var kx = trace.snapshot().cipherSuite().map(io.iotls.transport.CipherSuite::keyExchange).orElse(null);
        if (kx == null) return;
        int unread = buf.available();
        byte[] head = new byte[Math.min(unread, 512)];
        int n = buf.read(head, 0, head.length);
        buf.reset(); // to BC's mark (the message header), then forward to where BC left the stream
        buf.skip(buf.available() - unread);
        int at = 0;
        if (kx.usesPsk()) { // opaque psk_identity_hint<0..2^16-1> comes first
            if (n < 2) return;
            at = 2 + (((head[0] & 0xFF) << 8) | (head[1] & 0xFF));
        }
        switch (kx) {
            case ECDHE_RSA, ECDHE_ECDSA, ECDHE_PSK -> {
                if (n >= at + 3 && head[at] == 3) { // curve_type named_curve
                    int group = ((head[at + 1] & 0xFF) << 8) | (head[at + 2] & 0xFF);
                    trace.detail(HandshakeStep.SERVER_KEY_EXCHANGE, "ECDHE named group " + NamedGroup.getName(group)
                            + (kx == io.iotls.transport.CipherSuite.KeyExchange.ECDHE_PSK ? "" : ", signed with the server's key"));
                    int scheme = at + 4 + (n > at + 3 ? head[at + 3] & 0xFF : 0); // after the point: the signature scheme
                    if (kx != io.iotls.transport.CipherSuite.KeyExchange.ECDHE_PSK && n >= scheme + 2) {
                        noteScheme(HandshakeStep.SERVER_KEY_EXCHANGE, ((head[scheme] & 0xFF) << 8) | (head[scheme + 1] & 0xFF));
                    }
                }
            }
            case DHE_RSA, DHE_PSK -> {
                if (n >= at + 2) {
                    int pLength = ((head[at] & 0xFF) << 8) | (head[at + 1] & 0xFF);
                    trace.detail(HandshakeStep.SERVER_KEY_EXCHANGE, "DHE group with a " + (pLength * 8) + "-bit prime");
                }
            }
            default -> { }
        }
    }

    /** TLS 1.3 CertificateVerify: the signature scheme comes first (RFC 8446 4.4.3); read without consuming it. */
    private void describeCertificateVerify(HandshakeMessageInput buf) {
        int unread = buf.available();
        byte[] head = new byte[2];
        int n = buf.read(head, 0, 2);
        buf.reset(); // to BC's mark (the message header), then forward to where BC left the stream
        buf.skip(buf.available() - unread);
        if (n == 2) noteScheme(HandshakeStep.SERVER_CERTIFICATE_VERIFY, ((head[0] & 0xFF) << 8) | (head[1] & 0xFF));
    }

    /** Names the signature scheme the server used, and says so in the trace when we never offered it. */
    private void noteScheme(HandshakeStep step, int scheme) {
        String name = org.bouncycastle.tls.SignatureScheme.getName(scheme);
        java.util.Vector<?> offered = getContext().getSecurityParametersHandshake().getClientSigAlgs();
        boolean ours = offered == null || offered.stream().anyMatch(a ->
                org.bouncycastle.tls.SignatureScheme.from((org.bouncycastle.tls.SignatureAndHashAlgorithm) a) == scheme);
        trace.detail(step, "signature scheme " + name + (ours ? "" : ", which we did not offer"));
        if (!ours) trace.unofferedScheme(name);
    }

    private String describeKeyExchange() {
        var params = getContext().getSecurityParametersHandshake();
        int kx = params.getKeyExchangeAlgorithm();
        String group = params.getNegotiatedGroup() >= 0 ? " on " + NamedGroup.getName(params.getNegotiatedGroup()) : "";
        return switch (kx) {
            case org.bouncycastle.tls.KeyExchangeAlgorithm.RSA -> "pre-master secret encrypted with the server's RSA key";
            case org.bouncycastle.tls.KeyExchangeAlgorithm.PSK -> "PSK identity (no key exchange: plain PSK)";
            case org.bouncycastle.tls.KeyExchangeAlgorithm.DHE_PSK -> "PSK identity + DHE public value";
            case org.bouncycastle.tls.KeyExchangeAlgorithm.ECDHE_PSK -> "PSK identity + ECDHE public value" + group;
            case org.bouncycastle.tls.KeyExchangeAlgorithm.DHE_RSA -> "DHE public value";
            default -> "ECDHE public value" + group;
        };
    }

    private static String describe(Certificate certificate) {
        if (certificate == null || certificate.isEmpty()) return "none (empty certificate list)";
        try {
            var chain = PeerCertificates.toX509(certificate);
            return chain.get(0).getSubjectX500Principal().getName() + " issued by " + chain.get(0).getIssuerX500Principal().getName()
                    + (chain.size() > 1 ? " (+" + (chain.size() - 1) + " intermediate)" : "");
        } catch (IOException e) {
            return certificate.getLength() + " certificate(s)";
        }
    }
}
