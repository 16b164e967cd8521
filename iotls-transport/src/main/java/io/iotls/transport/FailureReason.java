package io.iotls.transport;

/** Why a TLS connection failed, fine enough to act on; each reason has a default hint. */
public enum FailureReason {
    UNTRUSTED_CERTIFICATE("certificate not trusted",
            "give the CA that issued the broker's certificate with --cafile/--capath (trustAnchors), "
                    + "or check that you reached the intended broker"),
    CERTIFICATE_EXPIRED("certificate expired", "renew the certificate, or check this machine's clock"),
    CERTIFICATE_NOT_YET_VALID("certificate not yet valid", "check this machine's clock, or wait until notBefore"),
    HOSTNAME_MISMATCH("hostname mismatch",
            "connect by a name the certificate lists, set --servername to it, or reissue the certificate with this name"),
    CERTIFICATE_PURPOSE("certificate not made for this use",
            "reissue the certificate with the extended key usage its role needs: serverAuth for a broker, clientAuth for a device"),
    CERTIFICATE_MALFORMED("certificate breaks the X.509 rules",
            "the certificate named is not well formed (RFC 5280): have its CA reissue it; see docs/validation.md for each rule"),
    CERTIFICATE_WEAK("certificate key or signature too weak",
            "reissue the certificate with RSA 2048 or more, EC P-256/P-384/P-521 or Ed25519, signed with SHA-256 or better"),
    NAME_NOT_PERMITTED("name not permitted by a CA's name constraints",
            "the CA named may only issue for the names it permits: use a certificate from a CA that may issue this name"),
    CERTIFICATE_REVOKED("certificate revoked", "the certificate's issuer revoked it: get a new certificate"),
    OCSP_INVALID("OCSP response unusable",
            "the broker's stapled OCSP response is stale, unknown or not signed by the certificate's CA: have the broker "
                    + "fetch a fresh one from its CA's responder, or accept a missing answer (--ocsp soft)"),
    OCSP_MISSING("no OCSP response stapled",
            "the broker staples no OCSP response: turn stapling on at the broker (mosquitto cannot; nginx/HAProxy: "
                    + "ssl_stapling), or accept its absence (--ocsp soft)"),
    CRL_MISSING("CRL missing", "add the issuer's CRL with --crlfile, or do not require CRLs for every issuer"),
    CRL_INVALID("CRL invalid", "get the CRL again from the CA that issued the certificates; it must be signed by that CA"),
    CRL_EXPIRED("CRL expired", "fetch a current CRL from the CA (its nextUpdate has passed), "
            + "or accept stale CRLs explicitly (--crl-accept-stale)"),
    NO_COMMON_CIPHER_SUITE("no common cipher suite",
            "compare --ciphers with the broker's 'ciphers'/'ciphers_tls1.3'; static RSA and plain PSK suites must be named explicitly"),
    PROTOCOL_VERSION("no common TLS version", "align --tls-version/--tls-max-version with the broker's tls_version"),
    CLIENT_CERTIFICATE_REQUIRED("client certificate required", "the broker requires a client certificate: give --cert and --key"),
    CLIENT_CERTIFICATE_REJECTED("client certificate rejected",
            "the broker does not trust this client certificate: have it signed by a CA in the broker's cafile, "
                    + "check that it is not revoked or expired"),
    PSK_REJECTED("PSK rejected", "check the PSK key and identity against the broker's psk_file (key in hex)"),
    UNKNOWN_PSK_IDENTITY("unknown PSK identity", "the broker has no key for this identity: check --psk-identity and its psk_file"),
    KEY_CERTIFICATE_MISMATCH("key does not match certificate", "use the private key that belongs to this certificate"),
    BAD_KEY_PASSWORD("bad key password", "give the right password with --keypass (the key is encrypted)"),
    INVALID_CONFIGURATION("invalid configuration", "fix the file or option named in the message"),
    TIMEOUT("timeout", "the peer did not answer in time: check host, port and that it speaks TLS"),
    CONNECTION_REFUSED("connection refused", "nothing listens there: check host and port (MQTT over TLS is usually 8883)"),
    CONNECTION_RESET("connection closed by peer", "the peer closed the connection without a TLS alert; see the likely causes"),
    PROXY_REFUSED("proxy refused the tunnel",
            "check the proxy URL, its user and password, and that it allows tunnels to the broker's port (tinyproxy: ConnectPort)"),
    WEBSOCKET_REFUSED("WebSocket upgrade refused",
            "check the WebSocket path (--ws-path; HiveMQ, EMQX and AWS IoT serve /mqtt), the headers the broker needs, "
                    + "and that the port is a WebSocket listener (mosquitto: 'protocol websockets')"),
    NOT_TLS("peer does not speak TLS", "the port answers but not with TLS: is it plain MQTT (1883)?"),
    PEER_ALERT("alert from peer", "see the alert and the broker's log"),
    PROTOCOL_ERROR("TLS protocol error", "the peer sent something invalid; see the broker's log");

    private final String summary;
    private final String hint;

    FailureReason(String summary, String hint) {
        this.summary = summary;
        this.hint = hint;
    }

    public String summary() {
        return summary;
    }

    public String defaultHint() {
        return hint;
    }
}
