package io.iotls.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;

/** What a person needs to know of one certificate of a chain. */
public record CertificateInfo(String subject, String issuer, String serialHex, Instant notBefore, Instant notAfter,
                              String sha256Fingerprint) {

    public static CertificateInfo of(X509Certificate c) {
        return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fingerprint(c));
    }

    private static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "?";
        }
    }

    /** {@code subject (issuer ..., valid ... to ...)}. */
    public String describe() {
        return subject + " (issued by " + issuer + ", valid " + notBefore + " to " + notAfter + ", serial 0x" + serialHex + ")";
    }
}
