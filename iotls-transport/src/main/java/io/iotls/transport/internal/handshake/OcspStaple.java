package io.iotls.transport.internal.handshake;

import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.RevocationPolicy;
import io.iotls.transport.internal.trace.TraceRecorder;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.verify.OcspResponseCheck;
import io.iotls.transport.verify.VerifiedPath;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateStatus;

/**
 * The broker's stapled OCSP response under the revocation policy: recorded in the trace (TLS 1.2 at CertificateStatus,
 * TLS 1.3 inside the Certificate step), checked for the leaf against its issuer in the verified path, and applied:
 * "revoked" always fails; missing, unusable or "unknown" fail under REQUIRE and warn under SOFT.
 */
final class OcspStaple {
    /** The policy refuses the connection: the problem, the step it belongs to, the alert we send. */
    static final class Refused extends IOException {
        private final transient CertificateProblem problem;
        private final HandshakeStep step;
        private final short alert;

        Refused(CertificateProblem problem, HandshakeStep step, short alert) {
            super(problem.getMessage());
            this.problem = problem;
            this.step = step;
            this.alert = alert;
        }

        CertificateProblem problem() { return problem; }
        HandshakeStep step() { return step; }
        short alert() { return alert; }
    }

    private OcspStaple() {}

    static void apply(CertificateStatus status, VerifiedPath path, RevocationPolicy.Mode mode, TraceRecorder trace) throws Refused {
        if (mode == RevocationPolicy.Mode.IGNORE) return;
        HandshakeStep step = trace.has(HandshakeStep.CERTIFICATE_STATUS) ? HandshakeStep.CERTIFICATE_STATUS : HandshakeStep.SERVER_CERTIFICATE;
        if (status == null || status.getOCSPResponse() == null) {
            if (mode == RevocationPolicy.Mode.REQUIRE) {
                throw new Refused(new CertificateProblem(FailureReason.OCSP_MISSING, "the broker stapled no OCSP response, "
                        + "and the revocation policy requires one"), step, AlertDescription.bad_certificate_status_response);
            }
            trace.detail(step, "OCSP: no response stapled");
            return;
        }
        X509Certificate leaf = path.leaf();
        X509Certificate issuer = path.certificates().size() > 1 ? path.certificates().get(1) : leaf;
        OcspResponseCheck.Answer answer;
        try {
            answer = OcspResponseCheck.check(status.getOCSPResponse().getEncoded(), leaf, issuer, Instant.now());
        } catch (CertificateProblem p) {
            trace.detail(step, "OCSP: " + p.getMessage());
            unusable(p, mode, step, trace);
            return;
        } catch (IOException e) {
            unusable(new CertificateProblem(FailureReason.OCSP_INVALID, "the stapled OCSP response does not encode: " + e.getMessage()),
                    mode, step, trace);
            return;
        }
        trace.detail(step, "OCSP response stapled: " + answer.describe());
        switch (answer.status()) {
            case GOOD -> { }
            case REVOKED -> throw new Refused(new CertificateProblem(FailureReason.CERTIFICATE_REVOKED,
                    "the broker's certificate '" + leaf.getSubjectX500Principal().getName() + "' is revoked by its CA's OCSP responder: "
                            + answer.revocation().orElse("revoked")), step, AlertDescription.certificate_revoked);
            case UNKNOWN -> unusable(new CertificateProblem(FailureReason.OCSP_INVALID, "the OCSP responder does not know "
                    + "the broker's certificate (status unknown)"), mode, step, trace);
        }
    }

    private static void unusable(CertificateProblem p, RevocationPolicy.Mode mode, HandshakeStep step, TraceRecorder trace) throws Refused {
        if (mode == RevocationPolicy.Mode.REQUIRE) throw new Refused(p, step, AlertDescription.bad_certificate_status_response);
        trace.warning(p.getMessage() + "; going on, as the revocation policy for OCSP is SOFT");
    }
}
