package io.iotls.transport.verify;

import io.iotls.transport.CrlScope;
import io.iotls.transport.FailureReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a peer's certificate chain the way iotls' TLS client and server do, offline and at any time: a path from
 * the leaf to one of the trust anchors (searched over the certificates given, in any order), every rule of RFC 5280
 * and the CA/Browser Forum that docs/validation.md lists, the extended key usage for the purpose, name constraints
 * (the anchor's too), revocation by the CRLs given, and the expected DNS name or IP address (RFC 6125). A failure is
 * a {@link CertificateProblem} naming the certificate, the rule and a hint. Immutable and safe to share.
 *
 * <pre>{@code
 * CertificateVerifier verifier = CertificateVerifier.builder()
 *         .trustAnchors(List.of(caCertificate))
 *         .purpose(CertificatePurpose.SERVER_AUTH)
 *         .build();
 * VerifiedPath path = verifier.verify(chainFromBroker, "broker.plant.example", Instant.now());
 * }</pre>
 */
public final class CertificateVerifier {
    private final List<X509Certificate> anchors;
    private final String trustDescription;
    private final CertificatePurpose purpose;
    private final ValidationProfile profile;
    private final Integer maxIntermediates;
    private final CrlCheck crlCheck;

    private CertificateVerifier(Builder b) {
        this.anchors = List.copyOf(b.anchors);
        this.trustDescription = b.trustDescription;
        this.purpose = b.purpose;
        this.profile = b.profile;
        this.maxIntermediates = b.maxIntermediates;
        this.crlCheck = new CrlCheck(b.crls, b.crlScope, b.acceptStaleCrls, b.requireCrlForEveryIssuer, b.profile);
    }

    public static Builder builder() {
        return new Builder();
    }

    public CertificatePurpose purpose() {
        return purpose;
    }

    public ValidationProfile profile() {
        return profile;
    }

    /** True when revocation is checked (CRLs were given, or a CRL is required for every issuer). */
    public boolean checksRevocation() {
        return crlCheck.isEnabled();
    }

    /**
     * Only the leaf's extended key usage against {@code purpose}, as the verifier judges it under STRICT: absent allows
     * every use, anyExtendedKeyUsage alone is not enough, an empty one allows nothing.
     */
    public static void checkLeafPurpose(X509Certificate leaf, CertificatePurpose purpose) throws CertificateProblem {
        ParsedCertificate parsed = ParsedCertificate.parse(leaf);
        List<String> usages = CertificateRules.extendedKeyUsages(parsed);
        if (usages != null && !usages.contains(purpose.oid)) throw CertificateRules.purposeProblem(parsed, usages, true, purpose);
    }

    /** Verifies {@code chain} (leaf first, then any CA certificates in any order) without a name check. */
    public VerifiedPath verify(List<X509Certificate> chain, Instant at) throws CertificateProblem {
        return verify(chain, null, at);
    }

    /**
     * Verifies {@code chain} (leaf first, then any CA certificates in any order) at {@code at}, and that the leaf is
     * valid for {@code expectedName} (a DNS name or an IP literal; null for no name check, as for a device's certificate).
     */
    public VerifiedPath verify(List<X509Certificate> chain, String expectedName, Instant at) throws CertificateProblem {
        Objects.requireNonNull(at, "at");
        if (chain == null || chain.isEmpty()) {
            throw new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, "no certificate was sent");
        }
        if (anchors.isEmpty()) {
            throw new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, "no CA certificate is configured to verify "
                    + Describe.subject(chain.get(0)) + " against", "give the broker's CA with --cafile or --capath "
                    + "(or opt in to the JDK's roots)", null);
        }
        List<ParsedCertificate> parsedAnchors = new ArrayList<>();
        for (X509Certificate a : anchors) parsedAnchors.add(ParsedCertificate.parse(a));
        ParsedCertificate leaf = ParsedCertificate.parse(chain.get(0));
        List<ParsedCertificate> intermediates = new ArrayList<>();
        for (X509Certificate c : chain.subList(1, chain.size())) {
            if (anchors.contains(c) || c.equals(chain.get(0))) continue;
            if (intermediates.stream().anyMatch(p -> p.x509.equals(c))) continue;
            intermediates.add(ParsedCertificate.parse(c));
        }
        Relaxations relaxations = new Relaxations(profile);
        CertificateRules rules = new CertificateRules(purpose, relaxations);
        List<ParsedCertificate> found = new PathSearch(parsedAnchors, intermediates, at, maxIntermediates, rules, relaxations,
                trustDescription).search(leaf);
        List<X509Certificate> path = found.stream().map(p -> p.x509).toList();
        List<String> warnings = new ArrayList<>();
        for (String r : relaxations.used()) warnings.add("legacyPki profile accepted: " + r);
        List<String> revocation = new ArrayList<>();
        if (crlCheck.isEnabled()) {
            for (String note : crlCheck.check(path, at)) {
                if (note.startsWith("WARNING: ")) warnings.add(note.substring(9));
                else revocation.add(note);
            }
        }
        if (expectedName != null) HostnameCheck.verify(path.get(0), expectedName);
        return new VerifiedPath(path, revocation, warnings);
    }

    /** Options of a verifier; {@link #build()} makes it. */
    public static final class Builder {
        private final List<X509Certificate> anchors = new ArrayList<>();
        private String trustDescription = "the trust anchors given";
        private CertificatePurpose purpose = CertificatePurpose.SERVER_AUTH;
        private ValidationProfile profile = ValidationProfile.STRICT;
        private Integer maxIntermediates;
        private final List<NamedCrl> crls = new ArrayList<>();
        private CrlScope crlScope = CrlScope.CHAIN;
        private boolean acceptStaleCrls;
        private boolean requireCrlForEveryIssuer;

        private Builder() {}

        /** The CA certificates trusted: a path must end at one of them. */
        public Builder trustAnchors(Collection<X509Certificate> certificates) {
            anchors.addAll(certificates);
            return this;
        }

        /** Where the anchors came from, for messages (e.g. "ca.crt"). */
        public Builder trustDescription(String description) {
            this.trustDescription = Objects.requireNonNull(description);
            return this;
        }

        /** What the leaf must be made for; default {@link CertificatePurpose#SERVER_AUTH}. */
        public Builder purpose(CertificatePurpose purpose) {
            this.purpose = Objects.requireNonNull(purpose);
            return this;
        }

        /** How strict; default {@link ValidationProfile#STRICT}. */
        public Builder profile(ValidationProfile profile) {
            this.profile = Objects.requireNonNull(profile);
            return this;
        }

        /** At most this many intermediate CA certificates between leaf and anchor (self-issued ones not counted); default: no limit but the search's own. */
        public Builder maxIntermediates(int max) {
            if (max < 0) throw new IllegalArgumentException("maxIntermediates must be 0 or more, not " + max);
            this.maxIntermediates = max;
            return this;
        }

        /** CRLs to check the path against, each with where it came from. */
        public Builder crls(Collection<NamedCrl> given) {
            crls.addAll(given);
            return this;
        }

        /** Which certificates are checked for revocation; default the whole chain. */
        public Builder crlScope(CrlScope scope) {
            this.crlScope = Objects.requireNonNull(scope);
            return this;
        }

        /** Use a CRL past its nextUpdate (or without one) with a warning instead of failing. */
        public Builder acceptStaleCrls(boolean accept) {
            this.acceptStaleCrls = accept;
            return this;
        }

        /** Fail when an issuer in the path has no CRL (instead of a warning). */
        public Builder requireCrlForEveryIssuer(boolean require) {
            this.requireCrlForEveryIssuer = require;
            return this;
        }

        public CertificateVerifier build() {
            return new CertificateVerifier(this);
        }
    }
}
