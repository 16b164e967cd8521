package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.io.OutputQueue;

import io.iotls.transport.HandshakeStep;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Hashtable;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DigitallySigned;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.NewSessionTicket;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsServerProtocol;

/** BC's server state machine with every message recorded in the seed's steps, seen from the server. */
final class TracingServerProtocol extends TlsServerProtocol implements OutputQueue {
    private final TraceRecorder trace;

    TracingServerProtocol(TraceRecorder trace) {
        super();
        this.trace = trace;
    }

    TlsContext context() {
        return getContext();
    }

    @Override
    public ByteQueue outputQueue() {
        return outputBuffer.getBuffer();
    }

    @Override
    protected void handleHandshakeMessage(short type, HandshakeMessageInput buf) throws IOException {
        if (!isHandshaking()) { // after the handshake: the connection's log of its own, with our answers
            var log = trace.afterHandshake();
            switch (type) {
                case HandshakeType.client_hello -> log.message(HandshakeStep.CLIENT_HELLO, "the client asks to renegotiate");
                case HandshakeType.key_update -> log.message(HandshakeStep.CLIENT_KEY_UPDATE, "the client changes its traffic keys");
                default -> log.message(HandshakeStep.UNEXPECTED_RECORD, HandshakeType.getText(type) + " from the client after the handshake");
            }
            super.handleHandshakeMessage(type, buf);
            return;
        }
        HandshakeStep step = switch (type) {
            case HandshakeType.client_hello -> HandshakeStep.CLIENT_HELLO;
            case HandshakeType.certificate -> HandshakeStep.CLIENT_CERTIFICATE;
            case HandshakeType.client_key_exchange -> HandshakeStep.CLIENT_KEY_EXCHANGE;
            case HandshakeType.certificate_verify -> HandshakeStep.CLIENT_CERTIFICATE_VERIFY;
            case HandshakeType.finished -> HandshakeStep.CLIENT_FINISHED;
            default -> null;
        };
        if (step != null) trace.step(step);
        super.handleHandshakeMessage(type, buf);
    }

    /** A renegotiation is refused, as iotls never renegotiates: the answer goes in the connection's log. */
    @Override
    protected void refuseRenegotiation() throws IOException {
        trace.afterHandshake().detail("answered with a no_renegotiation warning alert: iotls never renegotiates");
        super.refuseRenegotiation();
    }

    /** TLS 1.3 KeyUpdate from the client: whether it asked for ours, which Bouncy Castle sends with our next write. */
    @Override
    protected void receive13KeyUpdate(java.io.ByteArrayInputStream buf) throws IOException {
        byte[] body = buf.readAllBytes();
        super.receive13KeyUpdate(new java.io.ByteArrayInputStream(body));
        boolean requested = body.length == 1 && body[0] == org.bouncycastle.tls.KeyUpdateRequest.update_requested;
        trace.afterHandshake().detail(requested ? "update_requested: it asks for ours" : "update_not_requested");
        if (requested) {
            send13KeyUpdate(false);
            trace.afterHandshake().detail("answered at once with our KeyUpdate");
        }
    }

    @Override
    protected void handleChangeCipherSpecMessage() throws IOException {
        trace.step(HandshakeStep.CLIENT_CHANGE_CIPHER_SPEC);
        super.handleChangeCipherSpecMessage();
    }

    @Override
    protected void sendServerHelloMessage(ServerHello serverHello) throws IOException {
        trace.step(HandshakeStep.SERVER_HELLO);
        super.sendServerHelloMessage(serverHello);
    }

    @Override
    protected void send13EncryptedExtensionsMessage(Hashtable serverExtensions) throws IOException {
        trace.step(HandshakeStep.ENCRYPTED_EXTENSIONS);
        super.send13EncryptedExtensionsMessage(serverExtensions);
    }

    @Override
    protected void sendCertificateMessage(Certificate certificate, OutputStream endPointHash) throws IOException {
        trace.step(HandshakeStep.SERVER_CERTIFICATE);
        super.sendCertificateMessage(certificate, endPointHash);
    }

    @Override
    protected void send13CertificateMessage(Certificate certificate) throws IOException {
        trace.step(HandshakeStep.SERVER_CERTIFICATE);
        super.send13CertificateMessage(certificate);
    }

    @Override
    protected void send13CertificateVerifyMessage(DigitallySigned certificateVerify) throws IOException {
        trace.step(HandshakeStep.SERVER_CERTIFICATE_VERIFY);
        super.send13CertificateVerifyMessage(certificateVerify);
    }

    @Override
    protected void sendServerKeyExchangeMessage(byte[] serverKeyExchange) throws IOException {
        trace.step(HandshakeStep.SERVER_KEY_EXCHANGE);
        super.sendServerKeyExchangeMessage(serverKeyExchange);
    }

    @Override
    protected void sendCertificateRequestMessage(CertificateRequest certificateRequest) throws IOException {
        trace.step(HandshakeStep.CERTIFICATE_REQUEST);
        super.sendCertificateRequestMessage(certificateRequest);
    }

    @Override
    protected void sendServerHelloDoneMessage() throws IOException {
        trace.step(HandshakeStep.SERVER_HELLO_DONE);
        super.sendServerHelloDoneMessage();
    }

    @Override
    protected void sendNewSessionTicketMessage(NewSessionTicket newSessionTicket) throws IOException {
        trace.step(HandshakeStep.NEW_SESSION_TICKET);
        super.sendNewSessionTicketMessage(newSessionTicket);
    }

    @Override
    protected void sendChangeCipherSpecMessage() throws IOException {
        trace.step(HandshakeStep.SERVER_CHANGE_CIPHER_SPEC);
        super.sendChangeCipherSpecMessage();
    }

    @Override
    protected void sendFinishedMessage() throws IOException {
        trace.step(HandshakeStep.SERVER_FINISHED);
        super.sendFinishedMessage();
    }

    @Override
    protected void send13FinishedMessage() throws IOException {
        trace.step(HandshakeStep.SERVER_FINISHED);
        super.send13FinishedMessage();
    }
}
