package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Crypto;
import io.iotls.transport.internal.material.Identity;
import io.iotls.transport.internal.material.TrustMaterial;

import io.iotls.transport.verify.CertificatePurpose;
import io.iotls.transport.verify.CertificateVerifier;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.TlsServerOptions;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Server options with their files loaded, the server's session cache, and a stamp of the files (size and modification
 * time) to see a rotation at the next accepted connection.
 */
public record ServerSetup(TlsServerOptions options, Identity identity, TrustMaterial clientTrust, CertificateVerifier verifier,
                          JcaTlsCrypto crypto, ServerSessionCache sessions, String filesStamp) {

    public static ServerSetup load(TlsServerOptions options) throws CertificateProblem {
        return load(options, new ServerSessionCache(options.sessionCacheSize(), options.sessionLifetime()));
    }

    /** Loads the files again, keeping the session cache of the setup before. */
    public static ServerSetup load(TlsServerOptions options, ServerSessionCache sessions) throws CertificateProblem {
        String stamp = io.iotls.transport.internal.material.MaterialFiles.stamp(options); // before reading, as the client does
        Identity identity = options.certificate().isPresent() ? Identity.load(options.certificate().get()) : null;
        TrustMaterial trust = TrustMaterial.load(options.clientTrust(), options.crlFiles());
        CertificateVerifier verifier = CertificateVerifier.builder().trustAnchors(trust.anchors())
                .trustDescription(trust.description()).purpose(CertificatePurpose.CLIENT_AUTH).profile(options.validationProfile())
                .crls(trust.crls()).crlScope(options.crlScope()).build();
        return new ServerSetup(options, identity, trust, verifier, Crypto.create(), sessions, stamp);
    }

    /** True when a file the options read changed, appeared or disappeared since this setup was loaded. */
    public boolean filesChanged() {
        return !io.iotls.transport.internal.material.MaterialFiles.stamp(options).equals(filesStamp);
    }
}
