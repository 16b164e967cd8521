package io.iotls.transport.internal;

import io.iotls.transport.FailureReason;
import java.security.cert.CertPathBuilder;
import java.security.cert.PKIXParameters;
import java.security.cert.CertificateFactory;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds and validates a path from a peer's leaf to one of our trust anchors (PKIX, RFC 5280). The leaf's dates are
 * checked first, and the other certificates' when no path is found, so an expired certificate is reported as such
 * rather than as "no path", while one that the path does not use is no fault. Revocation is CrlCheck's job.
 */
public final class ChainValidator {
    private ChainValidator() {}

    /** What the end-entity certificate is to be used for: its extended key usage must allow it (RFC 5280 4.2.1.12). */
    public enum Purpose {
        SERVER_AUTH("1.3.6.1.5.5.7.3.1", "serverAuth", "a broker (TLS server)"),
        CLIENT_AUTH("1.3.6.1.5.5.7.3.2", "clientAuth", "a device (TLS client)");

        private static final String ANY = "2.5.29.37.0";
        private static final java.util.Map<String, String> NAMES = java.util.Map.of("1.3.6.1.5.5.7.3.1", "serverAuth",
                "1.3.6.1.5.5.7.3.2", "clientAuth", "1.3.6.1.5.5.7.3.3", "codeSigning", "1.3.6.1.5.5.7.3.4", "emailProtection",
                "1.3.6.1.5.5.7.3.8", "timeStamping", "1.3.6.1.5.5.7.3.9", "OCSPSigning", ANY, "anyExtendedKeyUsage");
        final String oid;
        final String usage;
        final String role;

        Purpose(String oid, String usage, String role) {
            this.oid = oid;
            this.usage = usage;
            this.role = role;
        }
    }

    /**
     * The validated path, checked for {@code purpose}: every certificate in it that carries an extended key usage must
     * allow the purpose (or any use), as Go's crypto/x509 requires of the whole chain; one without the extension allows
     * every use. An extension with no usage in it allows none.
     */
    public static List<X509Certificate> validate(List<X509Certificate> chain, TrustMaterial trust, Instant now, Purpose purpose)
            throws CertificateProblem {
        List<X509Certificate> path = validate(chain, trust, now);
        for (X509Certificate c : path) checkPurpose(c, c == path.get(0), purpose);
        return path;
    }

    static void checkPurpose(X509Certificate c, boolean leaf, Purpose purpose) throws CertificateProblem {
        List<String> usages;
        try {
            usages = c.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new CertificateProblem(FailureReason.CERTIFICATE_PURPOSE, "the extended key usage of " + name(c) + " cannot be read: "
                    + e.getMessage(), null, e);
        }
        if (usages == null || usages.contains(purpose.oid) || usages.contains(Purpose.ANY)) return;
        String has = usages.isEmpty() ? "an empty extended key usage (no use at all)"
                : "extended key usage " + String.join(", ", usages.stream().map(u -> Purpose.NAMES.getOrDefault(u, u)).toList());
        throw new CertificateProblem(FailureReason.CERTIFICATE_PURPOSE, (leaf ? "" : "the CA certificate ") + name(c) + " has " + has
                + (leaf ? ", not " + purpose.usage + ": it is not made to identify " + purpose.role
                        : ", which does not include " + purpose.usage + ": it may not issue certificates for " + purpose.role),
                leaf ? "reissue it with extendedKeyUsage " + purpose.usage + " (openssl: extendedKeyUsage = " + purpose.usage + ")"
                        : "the CA's extended key usage restricts what it may issue: use a CA whose EKU includes " + purpose.usage, null);
    }

    /** The validated path: leaf first, the trust anchor's certificate last. No purpose checked. */
    static List<X509Certificate> validate(List<X509Certificate> chain, TrustMaterial trust, Instant now)
            throws CertificateProblem {
        X509Certificate leaf = chain.get(0);
        checkDates(leaf, now, "the server's certificate"); // in every path: said as such rather than as "no path"
        // the other certificates sent are dated only if no path is found: an expired one that the path does not use is no fault
        if (trust.anchors().isEmpty()) {
            throw new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE,
                    "no CA certificate is configured to verify " + name(leaf) + " against",
                    "give the broker's CA with --cafile or --capath (or opt in to the JDK's roots)", null);
        }
        for (X509Certificate anchor : trust.anchors()) {
            if (anchor.equals(leaf)) return List.of(leaf); // a self-signed certificate given itself as a CA
        }
        List<X509Certificate> presented = validatePresentedPath(chain, trust, now);
        if (presented != null) return presented;
        try {
            Set<TrustAnchor> anchors = trustAnchors(trust);
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            path.add(result.getTrustAnchor().getTrustedCert());
            return path;
        } catch (CertPathBuilderException e) {
            for (X509Certificate c : chain.subList(1, chain.size())) checkDates(c, now, "intermediate CA certificate");
            X509Certificate top = chain.get(chain.size() - 1);
            boolean selfSigned = chain.size() == 1 && leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal());
            String what = selfSigned
                    ? name(leaf) + " is self-signed and is not itself among the trusted CA certificates (" + trust.description() + ")"
                    : "no path from " + name(leaf) + " to a trusted CA: the chain sent ends at "
                    + name(top) + ", issued by " + top.getIssuerX500Principal().getName()
                    + ", which is not among the " + trust.anchors().size() + " trusted CA certificate(s) (" + trust.description() + ")";
            String hint = selfSigned ? "to trust a self-signed certificate, give that very certificate as the CA (--cafile)" : null;
            throw new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, what, hint, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, "cannot validate " + name(leaf) + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * The common case, cheaply: the peer sent its chain in order (RFC 8446 4.4.2), ending below one of our anchors, and
     * that very path validates (PKIX, revocation left to CrlCheck). Null when it does not: then a path is built from
     * the certificates sent, in any order, and a failure is explained.
     */
    private static List<X509Certificate> validatePresentedPath(List<X509Certificate> chain, TrustMaterial trust, Instant now) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) return null;
        }
        X509Certificate top = chain.get(chain.size() - 1);
        X509Certificate anchor = null;
        for (X509Certificate a : trust.anchors()) {
            if (a.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                anchor = a;
                break;
            }
        }
        if (anchor == null) return null;
        List<X509Certificate> path = chain.get(chain.size() - 1).equals(anchor) ? chain.subList(0, chain.size() - 1) : chain;
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (java.security.GeneralSecurityException e) {
            return null;
        }
        List<X509Certificate> validated = new ArrayList<>(path);
        validated.add(anchor);
        return validated;
    }

    private static Set<TrustAnchor> trustAnchors(TrustMaterial trust) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate a : trust.anchors()) anchors.add(new TrustAnchor(a, null));
        return anchors;
    }

    static void checkDates(X509Certificate c, Instant now, String role) throws CertificateProblem {
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw new CertificateProblem(FailureReason.CERTIFICATE_EXPIRED, role + " " + name(c) + " expired on " + notAfter
                    + " (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")", null, null);
        }
        if (now.isBefore(notBefore)) {
            throw new CertificateProblem(FailureReason.CERTIFICATE_NOT_YET_VALID, role + " " + name(c) + " is not valid before "
                    + notBefore + " (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")", null, null);
        }
    }

    static String name(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "'";
    }
}
