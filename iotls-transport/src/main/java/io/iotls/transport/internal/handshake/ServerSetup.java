package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Crypto;
import io.iotls.transport.internal.material.Identity;
import io.iotls.transport.internal.material.TrustMaterial;

import io.iotls.transport.verify.CertificatePurpose;
import io.iotls.transport.verify.CertificateVerifier;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.TlsServerOptions;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Server options with their files loaded once, and the server's session cache. */
public record ServerSetup(TlsServerOptions options, Identity identity, TrustMaterial clientTrust, CertificateVerifier verifier,
                          JcaTlsCrypto crypto, ServerSessionCache sessions) {

    public static ServerSetup load(TlsServerOptions options) throws CertificateProblem {
        Identity identity = options.certificate().isPresent() ? Identity.load(options.certificate().get()) : null;
        TrustMaterial trust = TrustMaterial.load(options.clientTrust(), options.crlFiles());
        CertificateVerifier verifier = CertificateVerifier.builder().trustAnchors(trust.anchors())
                .trustDescription(trust.description()).purpose(CertificatePurpose.CLIENT_AUTH).profile(options.validationProfile())
                .crls(trust.crls()).crlScope(options.crlScope()).build();
        return new ServerSetup(options, identity, trust, verifier, Crypto.create(),
                new ServerSessionCache(options.sessionCacheSize(), options.sessionLifetime()));
    }
}
