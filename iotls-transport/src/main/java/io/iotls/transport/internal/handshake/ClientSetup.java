package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Crypto;
import io.iotls.transport.internal.material.Identity;
import io.iotls.transport.internal.material.MaterialFiles;
import io.iotls.transport.internal.material.TrustMaterial;

import io.iotls.transport.verify.CertificatePurpose;
import io.iotls.transport.verify.CertificateVerifier;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.TlsOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Options with their files loaded and checked once, plus the TLS 1.2 sessions and TLS 1.3 tickets kept for resumption. */
public record ClientSetup(TlsOptions options, TrustMaterial trust, Identity identity, CertificateVerifier verifier,
                          JcaTlsCrypto crypto, Map<String, TlsSession> sessions,
                          SessionTickets tickets, String filesStamp) {

    public static ClientSetup load(TlsOptions options) throws CertificateProblem {
        String stamp = MaterialFiles.stamp(options); // before reading: a file changed while being read is read again next time
        TrustMaterial trust = TrustMaterial.load(options.trust(), options.crlFiles());
        Identity identity = options.clientCertificate().isPresent() ? Identity.load(options.clientCertificate().get()) : null;
        CertificateVerifier.Builder verifier = CertificateVerifier.builder().trustAnchors(trust.anchors())
                .trustDescription(trust.description()).purpose(CertificatePurpose.SERVER_AUTH).profile(options.validationProfile())
                .crls(trust.crls()).crlScope(options.crlScope()).acceptStaleCrls(options.acceptStaleCrls())
                .requireCrlForEveryIssuer(options.requireCrlForEveryIssuer());
        options.maxIntermediates().ifPresent(verifier::maxIntermediates);
        return new ClientSetup(options, trust, identity, verifier.build(), Crypto.create(), new ConcurrentHashMap<>(),
                new SessionTickets(), stamp);
    }

    /** True when a file the options read has changed since this set-up read it. */
    public boolean filesChanged() {
        return !MaterialFiles.stamp(options).equals(filesStamp);
    }
}
