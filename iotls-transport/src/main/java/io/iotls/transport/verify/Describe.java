package io.iotls.transport.verify;

import java.security.cert.X509Certificate;

/** How messages name a certificate: its subject in quotes. */
final class Describe {
    private Describe() {}

    static String subject(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName();
        return dn.isEmpty() ? "the certificate with serial 0x" + c.getSerialNumber().toString(16) + " (empty subject)" : "'" + dn + "'";
    }
}
