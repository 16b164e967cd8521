package io.iotls.transport.verify;

/** What an end-entity certificate is verified for: its extended key usage must allow it (RFC 5280 4.2.1.12). */
public enum CertificatePurpose {
    /** A broker (TLS server): id-kp-serverAuth. */
    SERVER_AUTH("1.3.6.1.5.5.7.3.1", "serverAuth", "a broker (TLS server)"),
    /** A device (TLS client): id-kp-clientAuth. */
    CLIENT_AUTH("1.3.6.1.5.5.7.3.2", "clientAuth", "a device (TLS client)");

    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    final String oid;
    final String usage;
    final String role;

    CertificatePurpose(String oid, String usage, String role) {
        this.oid = oid;
        this.usage = usage;
        this.role = role;
    }

    /** Who holds such a certificate, for messages: "a broker (TLS server)". */
    public String role() {
        return role;
    }

    /** The usage's name as in openssl's configuration ({@code serverAuth}, {@code clientAuth}). */
    public String usageName() {
        return usage;
    }
}
