package io.iotls.transport.internal;

import io.iotls.transport.TlsOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Options with their files loaded and checked once, plus the TLS 1.2 sessions and TLS 1.3 tickets kept for resumption. */
public record ClientSetup(TlsOptions options, TrustMaterial trust, Identity identity, CrlCheck crlCheck,
                          JcaTlsCrypto crypto, Map<String, TlsSession> sessions,
                          SessionTickets tickets) {

    public static ClientSetup load(TlsOptions options) throws CertificateProblem {
        TrustMaterial trust = TrustMaterial.load(options.trust(), options.crlFiles());
        Identity identity = options.clientCertificate().isPresent() ? Identity.load(options.clientCertificate().get()) : null;
        CrlCheck crls = new CrlCheck(trust.crls(), options.crlScope(), options.acceptStaleCrls(), options.requireCrlForEveryIssuer());
        return new ClientSetup(options, trust, identity, crls, Crypto.create(), new ConcurrentHashMap<>(),
                new SessionTickets());
    }
}
