package io.iotls.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Where our own certificate and private key come from: PEM/DER files (key in PKCS#8, encrypted PKCS#8, PKCS#1,
 * SEC1 or legacy OpenSSL-encrypted PEM), a PKCS#12 file, PEM text held in memory (from an environment variable or a
 * secrets manager, never written to disk), or an entry of a {@link KeyStore} the application already has. The
 * password and the key text are never printed.
 */
public final class CertificateSource {
    /** The kinds of source. */
    public enum Kind { PEM_FILES, PKCS12_FILE, PEM_TEXT, KEY_STORE }

    private final Kind kind;
    private final Path certificateFile;
    private final Path keyFile;
    private final Path pkcs12File;
    private final byte[] certificatePem;
    private final byte[] keyPem;
    private final KeyStore keyStore;
    private final String alias;
    private final Optional<Password> password;

    private CertificateSource(Kind kind, Path certificateFile, Path keyFile, Path pkcs12File, byte[] certificatePem, byte[] keyPem,
                              KeyStore keyStore, String alias, Password password) {
        this.kind = kind;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.pkcs12File = pkcs12File;
        this.certificatePem = certificatePem;
        this.keyPem = keyPem;
        this.keyStore = keyStore;
        this.alias = alias;
        this.password = Optional.ofNullable(password);
    }

    /** A certificate (chain) file and its private key file; {@code password} for an encrypted key, else null. */
    public static CertificateSource pem(Path certificateFile, Path keyFile, Password password) {
        return new CertificateSource(Kind.PEM_FILES, Objects.requireNonNull(certificateFile, "certificate file"),
                Objects.requireNonNull(keyFile, "key file"), null, null, null, null, null, password);
    }

    public static CertificateSource pkcs12(Path file, Password password) {
        return new CertificateSource(Kind.PKCS12_FILE, null, null, Objects.requireNonNull(file, "PKCS#12 file"), null, null, null, null,
                password);
    }

    /**
     * The certificate chain and private key as PEM text in memory (e.g. {@code System.getenv("DEVICE_KEY")}); the
     * same key formats as files; {@code password} for an encrypted key, else null.
     */
    public static CertificateSource pemText(String certificateChainPem, String privateKeyPem, Password password) {
        return new CertificateSource(Kind.PEM_TEXT, null, null, null,
                Objects.requireNonNull(certificateChainPem, "certificate PEM").getBytes(StandardCharsets.US_ASCII),
                Objects.requireNonNull(privateKeyPem, "key PEM").getBytes(StandardCharsets.US_ASCII), null, null, password);
    }

    /**
     * A private-key entry of a loaded {@link KeyStore} (PKCS#12, JKS, or a PKCS#11 token through the JDK's SunPKCS11):
     * {@code alias} names the entry (null: its only key entry), {@code password} opens the key (null: none).
     */
    public static CertificateSource keyStore(KeyStore store, String alias, Password password) {
        return new CertificateSource(Kind.KEY_STORE, null, null, null, null, null, Objects.requireNonNull(store, "key store"), alias,
                password);
    }

    public Kind kind() { return kind; }
    public boolean isPkcs12() { return kind == Kind.PKCS12_FILE; }
    public Path certificateFile() { return certificateFile; }
    public Path keyFile() { return keyFile; }
    public Path pkcs12File() { return pkcs12File; }
    public Optional<Password> password() { return password; }
    /** The certificate PEM of a {@link Kind#PEM_TEXT} source, a copy. */
    public byte[] certificatePem() { return certificatePem == null ? null : certificatePem.clone(); }
    /** The key PEM of a {@link Kind#PEM_TEXT} source, a copy: the caller wipes it after use. */
    public byte[] keyPem() { return keyPem == null ? null : keyPem.clone(); }
    public KeyStore keyStore() { return keyStore; }
    public Optional<String> alias() { return Optional.ofNullable(alias); }

    /** Where the material is, for messages: file names, "PEM text in memory" or the key store's type and alias. */
    public String describe() {
        return switch (kind) {
            case PEM_FILES -> certificateFile + " and " + keyFile;
            case PKCS12_FILE -> pkcs12File.toString();
            case PEM_TEXT -> "the PEM text given in memory";
            case KEY_STORE -> keyStore.getType() + " key store" + (alias == null ? "" : " entry '" + alias + "'");
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PKCS12_FILE -> "PKCS#12 " + pkcs12File;
            case PEM_FILES -> "certificate " + certificateFile + ", key " + keyFile;
            case PEM_TEXT -> "certificate and key from PEM text in memory";
            case KEY_STORE -> describe();
        } + (password.isPresent() ? " (password [redacted])" : "");
    }
}
