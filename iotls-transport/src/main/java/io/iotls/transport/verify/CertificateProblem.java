package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate, key or CRL check that failed: the reason, a message for people, the rule broken (an RFC section or a
 * CA/Browser Forum requirement) and the certificate that broke it where one did, a hint, and, when a path was searched,
 * every candidate issuer that was tried and why it was refused.
 */
public final class CertificateProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final FailureReason reason;
    private final String hint;
    private final String rule;
    private final transient X509Certificate certificate;
    private final List<String> rejectedCandidates;

    public CertificateProblem(FailureReason reason, String message) {
        this(reason, message, null, null);
    }

    public CertificateProblem(FailureReason reason, String message, String hint, Throwable cause) {
        this(reason, message, hint, cause, null, null, List.of());
    }

    CertificateProblem(FailureReason reason, String message, String hint, Throwable cause, String rule,
                       X509Certificate certificate, List<String> rejectedCandidates) {
        super(message, cause);
        this.reason = reason;
        this.hint = hint;
        this.rule = rule;
        this.certificate = certificate;
        this.rejectedCandidates = List.copyOf(rejectedCandidates);
    }

    /** A problem found by a rule of the verifier, about {@code certificate}. */
    static CertificateProblem rule(FailureReason reason, String rule, X509Certificate certificate, String message, String hint) {
        return new CertificateProblem(reason, message, hint, null, rule, certificate, List.of());
    }

    /** This problem with the candidates the path search refused on its way (each a line: candidate and reason). */
    CertificateProblem withRejectedCandidates(List<String> rejected) {
        CertificateProblem p = new CertificateProblem(reason, getMessage(), hint, getCause(), rule, certificate, rejected);
        p.setStackTrace(getStackTrace());
        return p;
    }

    public FailureReason reason() {
        return reason;
    }

    /** A hint specific to this case, or null for the reason's default. */
    public String hint() {
        return hint;
    }

    /** The rule broken, e.g. "RFC 5280 4.2.1.9 (basicConstraints)", or null where no single rule applies. */
    public String rule() {
        return rule;
    }

    /** The certificate that broke the rule, or null. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Issuers tried by the path search and refused, one line each ("'CN=x' for 'CN=leaf': reason"); empty if none. */
    public List<String> rejectedCandidates() {
        return rejectedCandidates;
    }
}
