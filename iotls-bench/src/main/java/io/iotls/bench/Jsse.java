package io.iotls.bench;

import io.iotls.transport.internal.material.PemMaterial;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK TLS contexts for the competitors, from the same PEM files iotls reads. */
final class Jsse {
    private Jsse() {}

    static TrustManagerFactory trust(Target t) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : PemMaterial.readCertificates(t.caFile())) ks.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    static KeyManagerFactory keys(Target t) throws Exception {
        if (!t.mutual()) return null;
        List<X509Certificate> chain = PemMaterial.readCertificates(t.clientCert());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", PemMaterial.readPrivateKey(t.clientKey(), Optional.empty()), new char[0],
                chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf;
    }

    static SSLContext context(TrustManagerFactory tmf, KeyManagerFactory kmf, String version) throws Exception {
        SSLContext ctx = SSLContext.getInstance(version);
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
