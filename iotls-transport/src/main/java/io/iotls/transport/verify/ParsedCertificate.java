package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * One certificate as the rules read it: the JDK's object (for signatures and dates) beside its ASN.1 structure (for
 * every extension with its criticality). Parsing fails on what the JDK lets through but RFC 5280 forbids, such as an
 * extension given twice.
 */
final class ParsedCertificate {
    final X509Certificate x509;
    final Certificate asn1;
    final Extensions extensions; // null when the certificate has none

    private ParsedCertificate(X509Certificate x509, Certificate asn1) {
        this.x509 = x509;
        this.asn1 = asn1;
        this.extensions = asn1.getTBSCertificate().getExtensions();
    }

    static ParsedCertificate parse(X509Certificate c) throws CertificateProblem {
        try {
            return new ParsedCertificate(c, Certificate.getInstance(c.getEncoded()));
        } catch (Exception e) { // BC refuses repeated extensions and malformed structures
            throw CertificateProblem.rule(FailureReason.CERTIFICATE_MALFORMED, "RFC 5280 4.2", c, Describe.subject(c)
                    + " cannot be read as an X.509 certificate: " + e.getMessage(), null);
        }
    }

    Extension extension(ASN1ObjectIdentifier oid) {
        return extensions == null ? null : extensions.getExtension(oid);
    }

    boolean isSelfIssued() {
        return x509.getSubjectX500Principal().equals(x509.getIssuerX500Principal());
    }

    X500Name subject() {
        return asn1.getSubject();
    }

    BasicConstraints basicConstraints() throws CertificateProblem {
        Extension e = extension(Extension.basicConstraints);
        return e == null ? null : read(e, BasicConstraints::getInstance, "basicConstraints", "RFC 5280 4.2.1.9");
    }

    boolean isCa() throws CertificateProblem {
        BasicConstraints bc = basicConstraints();
        return bc != null && bc.isCA();
    }

    /** The keyUsage bits, or null when the extension is absent. */
    KeyUsage keyUsage() throws CertificateProblem {
        Extension e = extension(Extension.keyUsage);
        return e == null ? null : read(e, KeyUsage::getInstance, "keyUsage", "RFC 5280 4.2.1.3");
    }

    byte[] subjectKeyId() throws CertificateProblem {
        Extension e = extension(Extension.subjectKeyIdentifier);
        return e == null ? null : read(e, SubjectKeyIdentifier::getInstance, "subjectKeyIdentifier", "RFC 5280 4.2.1.2")
                .getKeyIdentifier();
    }

    AuthorityKeyIdentifier authorityKeyId() throws CertificateProblem {
        Extension e = extension(Extension.authorityKeyIdentifier);
        return e == null ? null : read(e, AuthorityKeyIdentifier::getInstance, "authorityKeyIdentifier", "RFC 5280 4.2.1.1");
    }

    /** The subjectAltName entries, or null when the extension is absent. */
    GeneralNames subjectAltNames() throws CertificateProblem {
        Extension e = extension(Extension.subjectAlternativeName);
        return e == null ? null : read(e, GeneralNames::getInstance, "subjectAltName", "RFC 5280 4.2.1.6");
    }

    /** True when {@code issuer}'s key identifier cannot be this certificate's issuer's (both identifiers present, different). */
    boolean keyIdentifierExcludes(ParsedCertificate issuer) throws CertificateProblem {
        AuthorityKeyIdentifier aki = authorityKeyId();
        byte[] ski = issuer.subjectKeyId();
        return aki != null && aki.getKeyIdentifier() != null && ski != null && !Arrays.equals(aki.getKeyIdentifier(), ski);
    }

    private <T> T read(Extension e, java.util.function.Function<Object, T> parser, String name, String rule)
            throws CertificateProblem {
        try {
            T value = parser.apply(e.getParsedValue());
            if (value == null) throw new IllegalArgumentException("empty");
            return value;
        } catch (RuntimeException ex) {
            throw CertificateProblem.rule(FailureReason.CERTIFICATE_MALFORMED, rule, x509, "the " + name + " extension of "
                    + Describe.subject(x509) + " is malformed: " + ex.getMessage(), null);
        }
    }
}
