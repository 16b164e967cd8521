package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.material.PeerCertificates;

import io.iotls.transport.internal.material.Identity;

import io.iotls.transport.verify.VerifiedPath;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.HandshakeStep;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's Certificate step on the client: "If the client does not trust the server certificate, the TLS connection
 * establishment is aborted." Chain to a trust anchor, dates, CRLs, then hostname; and the CertificateRequest answer.
 */
public final class ServerCertificateCheck implements TlsAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificateCheck.class);

    private final ClientSetup setup;
    private final TlsClientContext context;
    private final String expectedName;
    private final TraceRecorder trace;

    ServerCertificateCheck(ClientSetup setup, TlsClientContext context, String expectedName, TraceRecorder trace) {
        this.setup = setup;
        this.context = context;
        this.expectedName = expectedName;
        this.trace = trace;
    }

    @Override
    public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
        List<X509Certificate> chain = PeerCertificates.toX509(serverCertificate.getCertificate());
        trace.peerChain(chain);
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            trace.detail(HandshakeStep.SERVER_CERTIFICATE, "[" + i + "] " + c.getSubjectX500Principal().getName()
                    + " issued by " + c.getIssuerX500Principal().getName() + ", valid " + c.getNotBefore().toInstant()
                    + " to " + c.getNotAfter().toInstant());
        }
        if (chain.isEmpty()) {
            fail(new CertificateProblem(io.iotls.transport.FailureReason.UNTRUSTED_CERTIFICATE, "the server sent no certificate"),
                    AlertDescription.bad_certificate);
        }
        if (setup.options().isInsecure()) {
            LOG.warn("INSECURE: not verifying the certificate of {} (insecure option); the connection is open to "
                    + "man-in-the-middle attacks", expectedName);
            trace.detail(HandshakeStep.SERVER_CERTIFICATE, "NOT VERIFIED: insecure option set");
            trace.warning("server certificate not verified (insecure): anyone could be at the other end");
            return;
        }
        boolean checkName = setup.options().hostnameVerification();
        try {
            VerifiedPath path = setup.verifier().verify(chain, checkName ? expectedName : null, Instant.now());
            for (String note : path.revocationNotes()) trace.detail(HandshakeStep.SERVER_CERTIFICATE, "CRL: " + note);
            ExpiryWarnings.ofServerPath(path.certificates(), setup.options().expiryWarning(), trace);
            for (String warning : path.warnings()) {
                trace.detail(HandshakeStep.SERVER_CERTIFICATE, "WARNING: " + warning);
                trace.warning(warning);
                LOG.warn("{}: {}", expectedName, warning);
            }
            OcspStaple.apply(stapled(serverCertificate), path, setup.options().revocation().ocspStapling(), trace);
            String anchor = "trusted: chains to '" + path.anchor().getSubjectX500Principal().getName() + "'";
            if (checkName) {
                trace.detail(HandshakeStep.SERVER_CERTIFICATE, anchor + "; valid for '" + expectedName + "'");
            } else {
                trace.detail(HandshakeStep.SERVER_CERTIFICATE, anchor + "; hostname NOT verified (switched off)");
                trace.warning("hostname verification is off");
            }
        } catch (OcspStaple.Refused r) {
            trace.fail(r.step(), r.problem());
            throw new TlsFatalAlert(r.alert(), r.problem().getMessage());
        } catch (CertificateProblem p) {
            for (String refused : p.rejectedCandidates()) trace.detail(HandshakeStep.SERVER_CERTIFICATE, "issuer refused: " + refused);
            fail(p, alertFor(p));
        }
    }

    /**
     * The OCSP response the server stapled: TLS 1.2's CertificateStatus message, or in TLS 1.3 the status_request
     * extension of the leaf's CertificateEntry (RFC 8446 4.4.2.1), which Bouncy Castle leaves to us.
     */
    private org.bouncycastle.tls.CertificateStatus stapled(TlsServerCertificate serverCertificate) throws IOException {
        if (serverCertificate.getCertificateStatus() != null || !TlsUtils.isTLSv13(context)) return serverCertificate.getCertificateStatus();
        Certificate chain = serverCertificate.getCertificate();
        if (chain.isEmpty() || chain.getCertificateEntryAt(0).getExtensions() == null) return null;
        byte[] data = TlsUtils.getExtensionData(chain.getCertificateEntryAt(0).getExtensions(),
                org.bouncycastle.tls.ExtensionType.status_request);
        if (data == null) return null;
        return org.bouncycastle.tls.CertificateStatus.parse(context, new java.io.ByteArrayInputStream(data));
    }

    private void fail(CertificateProblem p, short alert) throws TlsFatalAlert {
        trace.fail(HandshakeStep.SERVER_CERTIFICATE, p);
        throw new TlsFatalAlert(alert, p.getMessage());
    }

    private static short alertFor(CertificateProblem p) {
        return switch (p.reason()) {
            case CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> AlertDescription.certificate_expired;
            case CERTIFICATE_REVOKED -> AlertDescription.certificate_revoked;
            case UNTRUSTED_CERTIFICATE -> AlertDescription.unknown_ca;
            case CERTIFICATE_PURPOSE, CERTIFICATE_WEAK -> AlertDescription.unsupported_certificate;
            default -> AlertDescription.bad_certificate;
        };
    }

    @Override
    public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        List<String> cas = new ArrayList<>();
        Vector<?> authorities = request.getCertificateAuthorities();
        if (authorities != null) {
            for (Object o : authorities) cas.add(new X500Principal(((X500Name) o).getEncoded()).getName());
        }
        trace.detail(HandshakeStep.CERTIFICATE_REQUEST, cas.isEmpty() ? "acceptable CAs: any (none listed)"
                : "acceptable CAs: " + String.join("; ", cas));
        Identity identity = setup.identity();
        if (identity == null) {
            trace.detail(HandshakeStep.CERTIFICATE_REQUEST, "no client certificate configured: answering with none");
            return null;
        }
        if (!cas.isEmpty() && !issuedByListed(identity, authorities)) {
            trace.warning("our client certificate's issuer is not among the CAs the server listed; it will probably be rejected");
        }
        return Signers.signer(context, setup.crypto(), identity, request.getSupportedSignatureAlgorithms(),
                TlsUtils.isTLSv13(context) ? request.getCertificateRequestContext() : null);
    }

    private static boolean issuedByListed(Identity identity, Vector<?> authorities) {
        for (X509Certificate c : identity.chain()) {
            for (Object o : authorities) {
                try {
                    X500Principal p = new X500Principal(((X500Name) o).getEncoded());
                    if (p.equals(c.getIssuerX500Principal()) || p.equals(c.getSubjectX500Principal())) return true;
                } catch (IOException e) {
                    return true; // cannot tell; do not warn
                }
            }
        }
        return false;
    }
}
