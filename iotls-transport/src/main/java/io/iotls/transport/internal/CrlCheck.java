package io.iotls.transport.internal;

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
 * the CRL's issuer, signature and dates verified first. Returns warnings for the trace (stale CRLs accepted, CRLs
 * that match nothing).
 */
public final class CrlCheck {
    private final List<NamedCrl> crls;
    private final CrlScope scope;
    private final boolean acceptStale;
    private final boolean requireForEveryIssuer;

    public CrlCheck(List<NamedCrl> crls, CrlScope scope, boolean acceptStale, boolean requireForEveryIssuer) {
        this.crls = List.copyOf(crls);
        this.scope = scope;
        this.acceptStale = acceptStale;
        this.requireForEveryIssuer = requireForEveryIssuer;
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
                            + " was given, and a CRL is required for every issuer (checking " + ChainValidator.name(cert) + ")", null, null);
                }
                notes.add("WARNING: no CRL of " + issuer.getSubjectX500Principal().getName() + " was given: " + ChainValidator.name(cert)
                        + " was not checked for revocation");
                continue;
            }
            for (NamedCrl named : ofIssuer) {
                verifyCrl(named, issuer, now, notes);
                X509CRLEntry entry = named.crl().getRevokedCertificate(cert);
                if (entry != null) {
                    String reason = entry.getRevocationReason() == null ? "" : ", reason " + entry.getRevocationReason();
                    throw new CertificateProblem(FailureReason.CERTIFICATE_REVOKED, ChainValidator.name(cert) + " (serial 0x"
                            + cert.getSerialNumber().toString(16) + ") was revoked on " + entry.getRevocationDate().toInstant()
                            + reason + " according to the " + named.describe(), null, null);
                }
                notes.add(ChainValidator.name(cert) + " not revoked (" + named.describe() + ")");
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
        if (crl.getNextUpdate() == null) { // RFC 5280 5.1.2.5: conforming CAs MUST include it
            notes.add("WARNING: the " + named.describe() + " has no nextUpdate: it never goes stale, so a CRL that is no longer "
                    + "published would be used forever");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
            String what = "the " + named.describe() + " expired: its nextUpdate was " + crl.getNextUpdate().toInstant();
            if (!acceptStale) throw new CertificateProblem(FailureReason.CRL_EXPIRED, what, null, null);
            notes.add("WARNING: " + what + "; used anyway because stale CRLs are accepted");
        }
    }
}
