package io.iotls.transport.verify;

/**
 * How strictly certificates are judged. {@link #STRICT} is the default: RFC 5280 and the CA/Browser Forum's rules as
 * docs/validation.md lists them. {@link #LEGACY_PKI} is for old plant PKIs: it lets pass what such PKIs commonly got
 * wrong (no key identifiers, version 1 roots, non-critical basicConstraints, RSA keys of 1024 bits, SHA-1 signatures,
 * odd serial numbers, a CA certificate as the end entity) and lists every rule it let pass in the trace, with a
 * warning on every connection. It never lets pass a broken signature, a wrong date, a missing trust anchor, a name
 * mismatch or a name constraint.
 */
public enum ValidationProfile {
    STRICT,
    LEGACY_PKI
}
