package io.iotls.transport.internal;

import io.iotls.transport.FailureReason;

/** A certificate, key or CRL check that failed, with the reason and a message for people. */
public final class CertificateProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final FailureReason reason;
    private final String hint;

    public CertificateProblem(FailureReason reason, String message) {
        this(reason, message, null, null);
    }

    public CertificateProblem(FailureReason reason, String message, String hint, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.hint = hint;
    }

    public FailureReason reason() {
        return reason;
    }

    /** A hint specific to this case, or null for the reason's default. */
    public String hint() {
        return hint;
    }
}
