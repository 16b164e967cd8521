package io.iotls.transport.verify;

import io.iotls.transport.CrlScope;
import io.iotls.transport.FailureReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a validated path against the CRLs given: each certificate whose issuer has a CRL (or only the leaf), with
 * the CRL verified first: signed by the issuer's key, the issuer allowed to sign CRLs (cRLSign), a non-critical
 * CRLNumber (RFC 5280 5.2.3), no critical extension iotls does not understand, dates. Partitioned (issuingDistribution
 * Point), indirect and delta CRLs are refused as unsupported rather than misread. A CRL without nextUpdate follows the
 * stale policy. Returns notes for the trace; those starting "WARNING: " are warnings.
 */
public final class CrlCheck {
    private final List<NamedCrl> crls;
    private final CrlScope scope;
    private final boolean acceptStale;
    private final boolean requireForEveryIssuer;

    private final ValidationProfile profile;

    public CrlCheck(List<NamedCrl> crls, CrlScope scope, boolean acceptStale, boolean requireForEveryIssuer) {
        this(crls, scope, acceptStale, requireForEveryIssuer, ValidationProfile.STRICT);
    }

    public CrlCheck(List<NamedCrl> crls, CrlScope scope, boolean acceptStale, boolean requireForEveryIssuer,
                    ValidationProfile profile) {
        this.crls = List.copyOf(crls);
        this.scope = scope;
        this.acceptStale = acceptStale;
        this.requireForEveryIssuer = requireForEveryIssuer;
        this.profile = profile;
    }

    public boolean isEnabled() {
        return !crls.isEmpty() || requireForEveryIssuer;
    }

    /** @param path leaf first, trust anchor last */
    public List<String> check(List<X509Certificate> path, Instant now) throws CertificateProblem {
        List<String> notes = new ArrayList<>();
        int checkedCount = scope == CrlScope.LEAF ? Math.min(1, path.size() - 1) : path.size() - 1;
        if (path.size() == 1) checkedCount = 1; // a self-signed leaf is its own issuer
        for (int i = 0; i < checkedCount; i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = path.size() == 1 ? cert : path.get(i + 1);
            List<NamedCrl> ofIssuer = crls.stream()
                    .filter(c -> c.crl().getIssuerX500Principal().equals(issuer.getSubjectX500Principal())).toList();
            if (ofIssuer.isEmpty()) {
                if (requireForEveryIssuer) {
                    throw new CertificateProblem(FailureReason.CRL_MISSING, "no CRL of " + issuer.getSubjectX500Principal().getName()
                            + " was given, and a CRL is required for every issuer (checking " + Describe.subject(cert) + ")", null, null);
                }
                notes.add("WARNING: no CRL of " + issuer.getSubjectX500Principal().getName() + " was given: " + Describe.subject(cert)
                        + " was not checked for revocation");
                continue;
            }
            for (NamedCrl named : ofIssuer) {
                verifyCrl(named, issuer, now, notes);
                X509CRLEntry entry = named.crl().getRevokedCertificate(cert);
                if (entry != null) {
                    String reason = entry.getRevocationReason() == null ? "" : ", reason " + entry.getRevocationReason();
                    throw new CertificateProblem(FailureReason.CERTIFICATE_REVOKED, Describe.subject(cert) + " (serial 0x"
                            + cert.getSerialNumber().toString(16) + ") was revoked on " + entry.getRevocationDate().toInstant()
                            + reason + " according to the " + named.describe(), null, null);
                }
                notes.add(Describe.subject(cert) + " not revoked (" + named.describe() + ")");
            }
        }
        return notes;
    }

    private void verifyCrl(NamedCrl named, X509Certificate issuer, Instant now, List<String> notes) throws CertificateProblem {
        X509CRL crl = named.crl();
        try {
            crl.verify(issuer.getPublicKey());
        } catch (Exception e) {
            throw new CertificateProblem(FailureReason.CRL_INVALID, "the " + named.describe()
                    + " is not signed by that CA's key (signature check failed): it was issued by another CA with the same name, "
                    + "or it was altered", null, null);
        }
        if (crl.getThisUpdate().toInstant().isAfter(now)) {
            throw new CertificateProblem(FailureReason.CRL_INVALID, "the " + named.describe() + " is not valid before "
                    + crl.getThisUpdate().toInstant(), "check this machine's clock", null);
        }
        checkStructure(named, issuer, notes);
        if (crl.getNextUpdate() == null) { // RFC 5280 5.1.2.5: conforming CAs MUST include it; no date to go stale by
            String what = "the " + named.describe() + " has no nextUpdate, so nothing says when it stops being current";
            if (!acceptStale) throw new CertificateProblem(FailureReason.CRL_EXPIRED, what + " (RFC 5280 5.1.2.5)", null, null);
            notes.add("WARNING: " + what + "; used anyway because stale CRLs are accepted");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
            String what = "the " + named.describe() + " expired: its nextUpdate was " + crl.getNextUpdate().toInstant();
            if (!acceptStale) throw new CertificateProblem(FailureReason.CRL_EXPIRED, what, null, null);
            notes.add("WARNING: " + what + "; used anyway because stale CRLs are accepted");
        }
    }

    private static final java.util.Set<String> UNDERSTOOD_CRL_EXTENSIONS = java.util.Set.of("2.5.29.20", "2.5.29.35",
            "2.5.29.18", "2.5.29.46"); // CRLNumber, authorityKeyIdentifier, issuerAltName, freshestCRL
    private static final java.util.Set<String> UNDERSTOOD_ENTRY_EXTENSIONS = java.util.Set.of("2.5.29.21", "2.5.29.24");

    private void checkStructure(NamedCrl named, X509Certificate issuer, List<String> notes) throws CertificateProblem {
        X509CRL crl = named.crl();
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && (usage.length <= 6 || !usage[6])) {
            throw crlProblem(named, "its issuer " + Describe.subject(issuer) + " may not sign CRLs: its keyUsage lacks cRLSign",
                    "RFC 5280 6.3.3 (f)", "have the CA sign CRLs with a key whose certificate allows cRLSign");
        }
        java.util.Set<String> critical = crl.getCriticalExtensionOIDs() == null ? java.util.Set.of() : crl.getCriticalExtensionOIDs();
        if (crl.getExtensionValue("2.5.29.28") != null) {
            throw crlProblem(named, "it is a partitioned CRL (issuingDistributionPoint), which iotls does not support",
                    "RFC 5280 5.2.5", "give a complete CRL of the CA");
        }
        if (crl.getExtensionValue("2.5.29.27") != null) {
            throw crlProblem(named, "it is a delta CRL, which iotls does not support", "RFC 5280 5.2.4", "give the CA's complete CRL");
        }
        if (crl.getExtensionValue("2.5.29.20") == null) {
            CertificateProblem p = crlProblem(named, "it has no CRLNumber, which every CRL must carry", "RFC 5280 5.2.3",
                    "have the CA number its CRLs (openssl ca: a crlnumber file)");
            if (profile != ValidationProfile.LEGACY_PKI) throw p;
            notes.add("WARNING: legacyPki profile accepted: " + p.getMessage());
        } else if (critical.contains("2.5.29.20")) {
            throw crlProblem(named, "its CRLNumber is marked critical, which it must not be", "RFC 5280 5.2.3", null);
        }
        for (String oid : critical) {
            if (!UNDERSTOOD_CRL_EXTENSIONS.contains(oid)) {
                throw crlProblem(named, "it has a critical extension iotls does not understand (" + oid + ")", "RFC 5280 5.2", null);
            }
        }
        if (crl.getRevokedCertificates() != null) {
            for (var entry : crl.getRevokedCertificates()) {
                var entryCritical = entry.getCriticalExtensionOIDs();
                if (entryCritical == null) continue;
                for (String oid : entryCritical) {
                    if (!UNDERSTOOD_ENTRY_EXTENSIONS.contains(oid)) {
                        throw crlProblem(named, "an entry has a critical extension iotls does not understand (" + oid
                                + (oid.equals("2.5.29.29") ? ", certificateIssuer: an indirect CRL" : "") + ")", "RFC 5280 5.3", null);
                    }
                }
            }
        }
    }

    private static CertificateProblem crlProblem(NamedCrl named, String what, String rule, String hint) {
        return new CertificateProblem(FailureReason.CRL_INVALID, "the " + named.describe() + " cannot be used: " + what
                + " (" + rule + ")", hint, null, rule, null, List.of());
    }
}
