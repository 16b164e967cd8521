package io.iotls.transport.verify;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A path that passed: the certificates from the leaf to the trust anchor (one certificate when the leaf is itself
 * trusted), what the revocation check found (one line per certificate checked), and warnings: every rule the
 * {@link ValidationProfile#LEGACY_PKI} profile let pass, CRLs that were stale or missing.
 */
public record VerifiedPath(List<X509Certificate> certificates, List<String> revocationNotes, List<String> warnings) {
    public VerifiedPath {
        certificates = List.copyOf(certificates);
        revocationNotes = List.copyOf(revocationNotes);
        warnings = List.copyOf(warnings);
    }

    public X509Certificate leaf() {
        return certificates.get(0);
    }

    /** The trusted CA certificate the path ends at (the leaf itself when it is trusted directly). */
    public X509Certificate anchor() {
        return certificates.get(certificates.size() - 1);
    }
}
