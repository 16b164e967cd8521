package io.iotls.bench;

import java.nio.file.Path;

/** Where and how a contender connects: the broker's TLS port, the TLS version, and an optional client certificate. */
record Target(String host, int port, String tlsVersion, Path caFile, Path clientCert, Path clientKey, boolean resumption) {
    boolean mutual() {
        return clientCert != null;
    }
}
