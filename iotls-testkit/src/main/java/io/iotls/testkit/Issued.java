package io.iotls.testkit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key and the intermediates between it and the root
 * (leaf first, root excluded).
 */
public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> intermediates) {
    public Issued {
        intermediates = List.copyOf(intermediates);
    }

    /** The leaf followed by its intermediates, as a server or client sends it. */
    public List<X509Certificate> chain() {
        var chain = new java.util.ArrayList<X509Certificate>();
        chain.add(certificate);
        chain.addAll(intermediates);
        return List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "Issued[" + certificate.getSubjectX500Principal().getName() + ", key=[redacted]]";
    }
}
