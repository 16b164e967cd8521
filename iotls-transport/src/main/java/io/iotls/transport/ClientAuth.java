package io.iotls.transport;

/** Whether a server asks clients for a certificate (the seed's CertificateRequest). */
public enum ClientAuth {
    /** No CertificateRequest: server authentication only. */
    NONE,
    /** Ask; a client without a certificate is let in, one with an untrusted certificate is not. */
    OPTIONAL,
    /** Ask and refuse clients without a trusted certificate (mosquitto's require_certificate). */
    REQUIRED
}
