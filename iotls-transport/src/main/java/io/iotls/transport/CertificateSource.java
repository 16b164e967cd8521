package io.iotls.transport;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where our own certificate and private key come from: PEM/DER files (key in PKCS#8, encrypted PKCS#8, PKCS#1,
 * SEC1 or legacy OpenSSL-encrypted PEM) or a PKCS#12 file. The password is never printed.
 */
public record CertificateSource(Path certificateFile, Path keyFile, Path pkcs12File, Optional<Password> password) {
    public CertificateSource {
        Objects.requireNonNull(password);
    }

    /** A certificate (chain) file and its private key file; {@code password} for an encrypted key, else null. */
    public static CertificateSource pem(Path certificateFile, Path keyFile, Password password) {
        return new CertificateSource(Objects.requireNonNull(certificateFile, "certificate file"),
                Objects.requireNonNull(keyFile, "key file"), null, Optional.ofNullable(password));
    }

    public static CertificateSource pkcs12(Path file, Password password) {
        return new CertificateSource(null, null, Objects.requireNonNull(file, "PKCS#12 file"), Optional.ofNullable(password));
    }

    public boolean isPkcs12() {
        return pkcs12File != null;
    }

    @Override
    public String toString() {
        return isPkcs12() ? "PKCS#12 " + pkcs12File : "certificate " + certificateFile + ", key " + keyFile
                + (password.isPresent() ? " (password [redacted])" : "");
    }
}
