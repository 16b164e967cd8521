package io.iotls.transport;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One test PKI per test JVM: RSA key generation is the slow part of these tests. */
final class SharedPki {
    private static TestPki pki;

    private SharedPki() {}

    static synchronized TestPki get() {
        if (pki == null) {
            try {
                pki = TestPki.create(TempFiles.directory("iotls-pki-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pki;
    }
}
