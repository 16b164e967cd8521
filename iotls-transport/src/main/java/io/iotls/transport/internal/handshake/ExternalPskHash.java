package io.iotls.transport.internal.handshake;

import io.iotls.transport.CipherSuite;
import java.util.List;
import org.bouncycastle.tls.PRFAlgorithm;

/**
 * The hash a TLS 1.3 external PSK is bound to (RFC 8446 4.2.11): SHA-256, as OpenSSL and mosquitto always use, unless
 * every TLS 1.3 suite named uses SHA-384, where a SHA-256 binder could never be used.
 */
final class ExternalPskHash {
    private ExternalPskHash() {}

    static int of(List<CipherSuite> suites, boolean named) {
        return named && isSha384Only(suites) ? PRFAlgorithm.tls13_hkdf_sha384 : PRFAlgorithm.tls13_hkdf_sha256;
    }

    static boolean isSha384Only(List<CipherSuite> suites) {
        List<CipherSuite> tls13 = suites.stream().filter(CipherSuite::isTls13).toList();
        return !tls13.isEmpty() && tls13.stream().allMatch(s -> s.ianaName().endsWith("SHA384"));
    }
}
