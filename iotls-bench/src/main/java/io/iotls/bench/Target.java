package io.iotls.bench;

import java.nio.file.Path;

/**
 * Where and how a contender connects: the broker's TLS port, the TLS version, the CA, and optionally a client
 * certificate, a pre-shared key (hex), session resumption, or MQTT over WebSocket ({@code wss://host:port/mqtt}).
 */
record Target(String host, int port, String tlsVersion, Path caFile, Path clientCert, Path clientKey, String pskIdentity,
              String pskHex, boolean resumption, boolean webSocket) {

    /** Server authentication by certificate only. */
    static Target serverAuth(String host, int port, String tlsVersion, Path caFile) {
        return new Target(host, port, tlsVersion, caFile, null, null, null, null, false, false);
    }

    Target withClientCertificate(Path cert, Path key) {
        return new Target(host, port, tlsVersion, caFile, cert, key, pskIdentity, pskHex, resumption, webSocket);
    }

    Target withPsk(String identity, String hex) {
        return new Target(host, port, tlsVersion, caFile, clientCert, clientKey, identity, hex, resumption, webSocket);
    }

    Target withResumption() {
        return new Target(host, port, tlsVersion, caFile, clientCert, clientKey, pskIdentity, pskHex, true, webSocket);
    }

    /** MQTT over WebSocket on TLS, path /mqtt. */
    Target overWebSocket() {
        return new Target(host, port, tlsVersion, caFile, clientCert, clientKey, pskIdentity, pskHex, resumption, true);
    }

    boolean mutual() {
        return clientCert != null;
    }

    boolean psk() {
        return pskIdentity != null;
    }

    @Override
    public String toString() { // no key material in output
        return "Target[" + host + ":" + port + " " + tlsVersion + (mutual() ? " mutual" : "") + (psk() ? " psk " + pskIdentity : "")
                + (resumption ? " resumption" : "") + (webSocket ? " wss" : "") + "]";
    }
}
