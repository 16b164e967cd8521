package io.iotls.transport;

/** Which certificates of a peer's chain are checked against the CRLs given. */
public enum CrlScope {
    /** Every certificate whose issuer has a CRL (the default; like OpenSSL's {@code -crl_check_all}). */
    CHAIN,
    /** Only the leaf (like OpenSSL's {@code -crl_check} and mosquitto's {@code crlfile}). */
    LEAF
}
