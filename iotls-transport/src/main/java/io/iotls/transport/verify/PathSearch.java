package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;

/**
 * Finds a path from a leaf to a trust anchor by depth-first search over candidate issuers (anchors first, then the
 * certificates the peer sent, in any order), checking each candidate's signature, rules, dates, path length, extended
 * key usage and name constraints as it is added, and backing out of a candidate that breaks one to try the next. So
 * an expired cross-certificate or a CA whose constraints exclude the leaf is no fault when another path exists. The
 * search is bounded: {@value #MAX_SIGNATURE_CHECKS} signature checks and {@value #MAX_PATH_LENGTH} certificates per
 * path; a certificate never appears twice in a path, nor two with the same subject and key (loops).
 */
final class PathSearch {
    static final int MAX_SIGNATURE_CHECKS = 100; // as Go's crypto/x509
    static final int MAX_PATH_LENGTH = 16;

    private record Rejection(int depth, ParsedCertificate candidate, ParsedCertificate child, CertificateProblem problem) {}

    private final List<ParsedCertificate> anchors;
    private final List<ParsedCertificate> intermediates;
    private final Instant at;
    private final Integer maxIntermediates;
    private final CertificateRules rules;
    private final Relaxations relaxations;
    private final String trustDescription;
    private final NameConstraintCheck nameConstraints = new NameConstraintCheck();
    private final List<Rejection> rejections = new ArrayList<>();
    private int signatureChecks;
    private CertificateProblem gaveUp; // set once the search exceeds its bound: ends the whole search
    private ParsedCertificate deadEnd;
    private int deadEndDepth = -1;

    PathSearch(List<ParsedCertificate> anchors, List<ParsedCertificate> intermediates, Instant at, Integer maxIntermediates,
               CertificateRules rules, Relaxations relaxations, String trustDescription) {
        this.anchors = anchors;
        this.intermediates = intermediates;
        this.at = at;
        this.maxIntermediates = maxIntermediates;
        this.rules = rules;
        this.relaxations = relaxations;
        this.trustDescription = trustDescription;
    }

    /** The path, leaf first and anchor last (a leaf that is itself trusted is a path of one). */
    List<ParsedCertificate> search(ParsedCertificate leaf) throws CertificateProblem {
        for (ParsedCertificate a : anchors) {
            if (a.x509.equals(leaf.x509)) { // a self-signed device or broker given as its own CA
                rules.check(leaf, CertificateRules.Place.TRUSTED_LEAF, at);
                return List.of(leaf);
            }
        }
        CertificateRules.checkDates(leaf, CertificateRules.Place.LEAF, at); // in every path: said as such, not as "no path"
        List<ParsedCertificate> path = extend(new ArrayList<>(List.of(leaf)));
        if (path == null) throw failure(leaf);
        rules.check(leaf, CertificateRules.Place.LEAF, at); // after the path: "not trusted" says more than a rule of an unknown certificate
        return path;
    }

    private List<ParsedCertificate> extend(List<ParsedCertificate> chain) throws CertificateProblem {
        ParsedCertificate current = chain.get(chain.size() - 1);
        int depth = chain.size();
        boolean candidateFound = false;
        for (ParsedCertificate candidate : candidates(current, chain)) {
            candidateFound = true;
            boolean isAnchor = anchors.contains(candidate);
            int mark = relaxations.mark();
            try {
                admit(candidate, isAnchor, chain);
            } catch (CertificateProblem p) {
                if (gaveUp != null) throw gaveUp;
                relaxations.resetTo(mark);
                rejections.add(new Rejection(depth, candidate, current, p));
                continue;
            }
            List<ParsedCertificate> next = new ArrayList<>(chain);
            next.add(candidate);
            if (isAnchor) return next;
            if (next.size() >= MAX_PATH_LENGTH) {
                rejections.add(new Rejection(depth, candidate, current, new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE,
                        "the path is longer than " + MAX_PATH_LENGTH + " certificates without reaching a trusted CA")));
                relaxations.resetTo(mark);
                continue;
            }
            List<ParsedCertificate> found = extend(next);
            if (found != null) return found;
            relaxations.resetTo(mark);
        }
        if (!candidateFound && depth > deadEndDepth) {
            deadEnd = current;
            deadEndDepth = depth;
        }
        return null;
    }

    private List<ParsedCertificate> candidates(ParsedCertificate child, List<ParsedCertificate> chain) throws CertificateProblem {
        List<ParsedCertificate> found = new ArrayList<>();
        for (List<ParsedCertificate> pool : List.of(anchors, intermediates)) {
            for (ParsedCertificate c : pool) {
                if (!c.x509.getSubjectX500Principal().equals(child.x509.getIssuerX500Principal())) continue;
                if (child.keyIdentifierExcludes(c)) continue;
                if (inChain(c, chain)) continue;
                found.add(c);
            }
        }
        return found;
    }

    /** In the chain already, or the same CA (same subject and key) under another certificate: a loop. */
    private static boolean inChain(ParsedCertificate c, List<ParsedCertificate> chain) {
        for (ParsedCertificate p : chain) {
            if (p.x509.equals(c.x509)) return true;
            if (p.x509.getSubjectX500Principal().equals(c.x509.getSubjectX500Principal())
                    && p.x509.getPublicKey().equals(c.x509.getPublicKey())) return true;
        }
        return false;
    }

    private void admit(ParsedCertificate candidate, boolean isAnchor, List<ParsedCertificate> chain) throws CertificateProblem {
        ParsedCertificate child = chain.get(chain.size() - 1);
        if (++signatureChecks > MAX_SIGNATURE_CHECKS) {
            gaveUp = new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, "path building gave up after " + MAX_SIGNATURE_CHECKS
                    + " signature checks without finding a path: the certificates sent look built to exhaust the verifier", null, null);
            throw gaveUp;
        }
        try {
            child.x509.verify(candidate.x509.getPublicKey());
        } catch (Exception e) {
            throw CertificateProblem.rule(FailureReason.UNTRUSTED_CERTIFICATE, "RFC 5280 6.1.3 (a)(1)", child.x509,
                    "the signature of " + Describe.subject(child.x509) + " does not verify with the key of "
                            + (isAnchor ? "the trusted CA " : "the CA certificate ") + Describe.subject(candidate.x509)
                            + ": it was issued by another CA of the same name, or it was altered",
                    "give the CA certificate that really issued it (a CA re-created under the same name has a new key)");
        }
        rules.check(candidate, isAnchor ? CertificateRules.Place.ANCHOR : CertificateRules.Place.INTERMEDIATE, at);
        int below = 0; // CAs below the candidate that count for pathLenConstraint: self-issued ones do not (RFC 5280 6.1.4 l)
        for (int i = 1; i < chain.size(); i++) if (!chain.get(i).isSelfIssued()) below++;
        BasicConstraints bc = candidate.basicConstraints();
        if (bc != null && bc.getPathLenConstraint() != null && below > bc.getPathLenConstraint().intValue()) {
            throw CertificateProblem.rule(FailureReason.UNTRUSTED_CERTIFICATE, "RFC 5280 4.2.1.9", candidate.x509, "the CA "
                    + Describe.subject(candidate.x509) + " allows " + bc.getPathLenConstraint() + " CA certificate(s) below it "
                    + "(pathLenConstraint), and this path has " + below, "send a chain that fits the CA's path length limit");
        }
        if (maxIntermediates != null && !isAnchor && below + (candidate.isSelfIssued() ? 0 : 1) > maxIntermediates) {
            throw CertificateProblem.rule(FailureReason.UNTRUSTED_CERTIFICATE, "maximum chain depth", candidate.x509,
                    "the path through " + Describe.subject(candidate.x509) + " has more than the " + maxIntermediates
                            + " intermediate CA certificate(s) this verifier allows", "raise maxIntermediates, or use a shorter chain");
        }
        List<ParsedCertificate> belowCandidate = new ArrayList<>(chain);
        nameConstraints.apply(candidate, belowCandidate);
    }

    private CertificateProblem failure(ParsedCertificate leaf) {
        Rejection best = null;
        for (Rejection r : rejections) if (best == null || r.depth() > best.depth()) best = r;
        List<String> lines = new ArrayList<>();
        for (Rejection r : rejections) {
            lines.add(Describe.subject(r.candidate().x509) + " as issuer of " + Describe.subject(r.child().x509) + ": "
                    + r.problem().getMessage());
        }
        if (best != null && best.depth() >= deadEndDepth) return best.problem().withRejectedCandidates(lines);
        X509Certificate top = (deadEnd == null ? leaf : deadEnd).x509;
        boolean selfSigned = top == leaf.x509 && leaf.isSelfIssued();
        String what = selfSigned
                ? Describe.subject(leaf.x509) + " is self-signed and is not itself among the trusted CA certificates (" + trustDescription + ")"
                : "no path from " + Describe.subject(leaf.x509) + " to a trusted CA: the chain " + (top == leaf.x509 ? "sent is only that certificate"
                : "ends at " + Describe.subject(top)) + ", issued by " + top.getIssuerX500Principal().getName()
                + ", which is not among the " + anchors.size() + " trusted CA certificate(s) (" + trustDescription + ")";
        String hint = selfSigned ? "to trust a self-signed certificate, give that very certificate as the CA (--cafile)" : null;
        return new CertificateProblem(FailureReason.UNTRUSTED_CERTIFICATE, what, hint, null, "RFC 5280 6.1", top, lines);
    }
}
