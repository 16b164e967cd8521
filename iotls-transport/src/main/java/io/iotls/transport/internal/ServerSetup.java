package io.iotls.transport.internal;

import io.iotls.transport.TlsServerOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Server options with their files loaded once, and the server's session cache. */
public record ServerSetup(TlsServerOptions options, Identity identity, TrustMaterial clientTrust, CrlCheck crlCheck,
                          JcaTlsCrypto crypto, Map<String, TlsSession> sessions) {

    public static ServerSetup load(TlsServerOptions options) throws CertificateProblem {
        Identity identity = options.certificate().isPresent() ? Identity.load(options.certificate().get()) : null;
        TrustMaterial trust = TrustMaterial.load(options.clientTrust(), options.crlFiles());
        CrlCheck crls = new CrlCheck(trust.crls(), options.crlScope(), false, false);
        return new ServerSetup(options, identity, trust, crls, Crypto.create(), new ConcurrentHashMap<>());
    }
}
