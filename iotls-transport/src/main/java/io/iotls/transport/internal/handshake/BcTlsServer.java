package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.material.PeerCertificates;

import io.iotls.transport.internal.material.Identity;

import io.iotls.transport.verify.VerifiedPath;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.CipherSuite;
import io.iotls.transport.ClientAuth;
import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.PskKey;
import io.iotls.transport.TlsAlert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JceDefaultTlsCredentialedDecryptor;

/** Our Bouncy Castle server: certificate and/or PSK authentication, client certificates checked like the client checks servers. */
final class BcTlsServer extends AbstractTlsServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerSetup setup;
    private final TraceRecorder trace;
    private List<X509Certificate> clientChain = List.of(); // of this connection, kept with its session for later revocation checks

    BcTlsServer(ServerSetup setup, TraceRecorder trace) {
        super(setup.crypto());
        this.setup = setup;
        this.trace = trace;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return Versions.range(setup.options().minVersion(), setup.options().maxVersion());
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        String keyAlgorithm = setup.identity() == null ? "" : setup.identity().key().getAlgorithm();
        boolean psk = !setup.options().pskKeys().isEmpty();
        int[] codes = setup.options().cipherSuites().stream().filter(s -> switch (s.keyExchange()) {
            case TLS13 -> true;
            case ECDHE_RSA, DHE_RSA, RSA -> keyAlgorithm.equals("RSA");
            case ECDHE_ECDSA -> keyAlgorithm.equals("EC") || keyAlgorithm.equals("Ed25519") || keyAlgorithm.equals("EdDSA");
            case PSK, DHE_PSK, ECDHE_PSK -> psk;
        }).mapToInt(CipherSuite::code).toArray();
        return TlsUtils.getSupportedCipherSuites(getCrypto(), codes);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        var params = context.getSecurityParametersHandshake();
        boolean tls13 = TlsUtils.isTLSv13(context);
        int kx = params.getKeyExchangeAlgorithm();
        if (!tls13 && (kx == KeyExchangeAlgorithm.PSK || kx == KeyExchangeAlgorithm.DHE_PSK || kx == KeyExchangeAlgorithm.ECDHE_PSK)) {
            return null;
        }
        Identity identity = setup.identity();
        if (identity == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no certificate configured and the client's PSK was not accepted");
        }
        if (!tls13 && kx == KeyExchangeAlgorithm.RSA) {
            return new JceDefaultTlsCredentialedDecryptor(setup.crypto(),
                    Signers.certificate(setup.crypto(), identity.chain(), false, null), identity.key());
        }
        return Signers.signer(context, setup.crypto(), identity, params.getClientSigAlgs(), null);
    }

    @Override
    public TlsPSKIdentityManager getPSKIdentityManager() {
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return setup.options().pskHint().map(h -> h.getBytes(StandardCharsets.UTF_8)).orElse(null);
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                String name = new String(identity, StandardCharsets.UTF_8);
                PskKey key = setup.options().pskKeys().get(name);
                trace.detail(HandshakeStep.CLIENT_KEY_EXCHANGE, "PSK identity '" + BcTlsClient.printable(identity) + "'"
                        + (key == null ? ": UNKNOWN" : ""));
                if (key == null) {
                    trace.fail(HandshakeStep.CLIENT_KEY_EXCHANGE, new CertificateProblem(FailureReason.UNKNOWN_PSK_IDENTITY,
                            "the client's PSK identity '" + BcTlsClient.printable(identity) + "' is not configured"));
                }
                return key == null ? null : key.bytes();
            }
        };
    }

    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        for (Object o : identities) {
            byte[] identity = ((PskIdentity) o).getIdentity();
            PskKey key = setup.options().pskKeys().get(new String(identity, StandardCharsets.UTF_8));
            trace.detail(HandshakeStep.CLIENT_HELLO, "PSK identity '" + BcTlsClient.printable(identity) + "'" + (key == null ? ": UNKNOWN" : ""));
            if (key != null) {
                return new BasicTlsPSKExternal(identity, getCrypto().createSecret(key.bytes()),
                        ExternalPskHash.of(setup.options().cipherSuites(), setup.options().cipherSuitesNamed()));
            }
        }
        return null;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (setup.options().clientAuth() == ClientAuth.NONE) return null;
        Vector<X500Name> authorities = new Vector<>();
        for (X509Certificate anchor : setup.clientTrust().anchors()) {
            authorities.add(X500Name.getInstance(anchor.getSubjectX500Principal().getEncoded()));
        }
        var sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, authorities);
        }
        return new CertificateRequest(new short[] {ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign}, sigAlgs, authorities);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        List<X509Certificate> chain = PeerCertificates.toX509(clientCertificate);
        if (chain.isEmpty()) {
            trace.detail(HandshakeStep.CLIENT_CERTIFICATE, "none sent");
            if (setup.options().clientAuth() == ClientAuth.REQUIRED) {
                trace.fail(HandshakeStep.CLIENT_CERTIFICATE, new CertificateProblem(FailureReason.CLIENT_CERTIFICATE_REQUIRED,
                        "the client sent no certificate and one is required"));
                throw new TlsFatalAlert(TlsUtils.isTLSv13(context) ? AlertDescription.certificate_required
                        : AlertDescription.handshake_failure);
            }
            return;
        }
        trace.peerChain(chain);
        clientChain = chain;
        trace.detail(HandshakeStep.CLIENT_CERTIFICATE, chain.get(0).getSubjectX500Principal().getName());
        try {
            VerifiedPath path = setup.verifier().verify(chain, Instant.now());
            for (String warning : path.warnings()) trace.warning(warning);
            trace.detail(HandshakeStep.CLIENT_CERTIFICATE, "trusted: chains to '" + path.anchor().getSubjectX500Principal().getName() + "'");
        } catch (CertificateProblem p) {
            for (String refused : p.rejectedCandidates()) trace.detail(HandshakeStep.CLIENT_CERTIFICATE, "issuer refused: " + refused);
            CertificateProblem asClient = new CertificateProblem(FailureReason.CLIENT_CERTIFICATE_REJECTED,
                    "the client's " + p.getMessage().replaceFirst("^the certificate ", "certificate "), p.hint(), null);
            trace.fail(HandshakeStep.CLIENT_CERTIFICATE, asClient);
            throw new TlsFatalAlert(switch (p.reason()) {
                case CERTIFICATE_REVOKED -> AlertDescription.certificate_revoked;
                case CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> AlertDescription.certificate_expired;
                case UNTRUSTED_CERTIFICATE -> AlertDescription.unknown_ca;
                case CERTIFICATE_PURPOSE -> AlertDescription.unsupported_certificate;
                default -> AlertDescription.bad_certificate;
            }, p.getMessage());
        }
    }

    @Override
    public byte[] getNewSessionID() {
        if (!setup.options().sessionResumption()) return null;
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return id;
    }

    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        if (!setup.options().sessionResumption()) return null;
        ServerSessionCache.Cached entry = setup.sessions().find(sessionID, Instant.now());
        if (entry == null) return null;
        if (!entry.clientChain().isEmpty() && setup.verifier().checksRevocation()) {
            try { // the client's certificate may have been revoked (or have expired) since the session began
                setup.verifier().verify(entry.clientChain(), Instant.now());
            } catch (CertificateProblem p) {
                setup.sessions().remove(sessionID);
                trace.detail(HandshakeStep.CLIENT_HELLO, "session not resumed: the client's certificate no longer passes: " + p.getMessage());
                return null;
            }
        }
        return entry.session();
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        var params = context.getSecurityParametersConnection();
        trace.resumed(params.isResumedSession());
        trace.version(Versions.of(params.getNegotiatedVersion()));
        CipherSuite.fromCode(params.getCipherSuite()).ifPresent(trace::cipherSuite);
        TlsSession session = context.getSession();
        if (setup.options().sessionResumption() && session != null && session.isResumable()
                && session.getSessionID().length > 0 && !params.isResumedSession()) {
            setup.sessions().put(session, clientChain, Instant.now());
        }
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        TlsAlert.fromCode(description).ifPresent(trace::localAlert);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        TlsAlert.fromCode(description).ifPresent(trace::peerAlert);
    }
}
