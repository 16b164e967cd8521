package io.iotls.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
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
    public enum Kind { PEM_FILES, PKCS12_FILE, PEM_TEXT, KEY_STORE, KEY_MANAGER, PKCS11 }

    private final Kind kind;
    private final Path certificateFile;
    private final Path keyFile;
    private final Path pkcs12File;
    private final byte[] certificatePem;
    private final byte[] keyPem;
    private final KeyStore keyStore;
    private final String alias;
    private final Optional<Password> password;
    private final Pkcs11 pkcs11;
    private javax.net.ssl.X509KeyManager keyManager;

    /** A key in a PKCS#11 token: the module (library), which token, which object, and the token's slot if known. */
    public record Pkcs11(Path module, String tokenLabel, String objectLabel, Long slotId) {}

    private CertificateSource(Kind kind, Path certificateFile, Path keyFile, Path pkcs12File, byte[] certificatePem, byte[] keyPem,
                              KeyStore keyStore, String alias, Password password, Pkcs11 pkcs11) {
        this.kind = kind;
        this.pkcs11 = pkcs11;
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
                Objects.requireNonNull(keyFile, "key file"), null, null, null, null, null, password, null);
    }

    public static CertificateSource pkcs12(Path file, Password password) {
        return new CertificateSource(Kind.PKCS12_FILE, null, null, Objects.requireNonNull(file, "PKCS#12 file"), null, null, null, null,
                password, null);
    }

    /**
     * The certificate chain and private key as PEM text in memory (e.g. {@code System.getenv("DEVICE_KEY")}); the
     * same key formats as files; {@code password} for an encrypted key, else null.
     */
    public static CertificateSource pemText(String certificateChainPem, String privateKeyPem, Password password) {
        return new CertificateSource(Kind.PEM_TEXT, null, null, null,
                Objects.requireNonNull(certificateChainPem, "certificate PEM").getBytes(StandardCharsets.US_ASCII),
                Objects.requireNonNull(privateKeyPem, "key PEM").getBytes(StandardCharsets.US_ASCII), null, null, password, null);
    }

    /**
     * A private-key entry of a loaded {@link KeyStore} (PKCS#12, JKS, or a PKCS#11 token through the JDK's SunPKCS11):
     * {@code alias} names the entry (null: its only key entry), {@code password} opens the key (null: none).
     */
    public static CertificateSource keyStore(KeyStore store, String alias, Password password) {
        return new CertificateSource(Kind.KEY_STORE, null, null, null, null, null, Objects.requireNonNull(store, "key store"), alias,
                password, null);
    }

    /**
     * The key and chain an {@link javax.net.ssl.X509KeyManager} the application already has (from a
     * {@code KeyManagerFactory}, a vendor's HSM provider, ...) holds under {@code alias}; null: its only client alias
     * for an RSA, EC or EdDSA key. The key is used through the key manager's {@link java.security.PrivateKey}, so a
     * key that never leaves its provider stays there.
     */
    public static CertificateSource keyManager(javax.net.ssl.X509KeyManager keyManager, String alias) {
        CertificateSource s = new CertificateSource(Kind.KEY_MANAGER, null, null, null, null, null, null, alias, null, null);
        s.keyManager = Objects.requireNonNull(keyManager, "key manager");
        return s;
    }

    /**
     * A key (and its certificate) that stay in a PKCS#11 token (an HSM, a TPM's PKCS#11 interface, a smart card),
     * used through the JDK's SunPKCS11: {@code module} is the token's library, {@code pin} its user PIN.
     */
    public static CertificateSource pkcs11(Path module, String tokenLabel, String objectLabel, Password pin) {
        return pkcs11(new Pkcs11(Objects.requireNonNull(module, "module"), tokenLabel, Objects.requireNonNull(objectLabel, "object"),
                null), pin);
    }

    private static CertificateSource pkcs11(Pkcs11 token, Password pin) {
        return new CertificateSource(Kind.PKCS11, null, null, null, null, null, null, token.objectLabel(),
                Objects.requireNonNull(pin, "PIN"), token);
    }

    /**
     * A PKCS#11 URI (RFC 7512) as OpenSSL and GnuTLS take it: {@code pkcs11:token=plant;object=device?module-path=
     * /usr/lib/softhsm/libsofthsm2.so&pin-value=1234}. {@code slot-id} picks the slot; {@code pin-source=file:...} reads
     * the PIN from a file; without either, {@code pinFromEnvironment} (e.g. {@code IOTLS_PKCS11_PIN}) gives it.
     * Without {@code module-path}, p11-kit's proxy module (every module the system registered, as OpenSSL's pkcs11
     * engine and GnuTLS use by default).
     */
    public static CertificateSource pkcs11Uri(String uri, String pinFromEnvironment) {
        if (!uri.startsWith("pkcs11:")) throw new IllegalArgumentException("a PKCS#11 URI starts with 'pkcs11:'");
        String rest = uri.substring("pkcs11:".length());
        int q = rest.indexOf('?');
        java.util.Map<String, String> path = attributes(q < 0 ? rest : rest.substring(0, q), ";");
        java.util.Map<String, String> query = attributes(q < 0 ? "" : rest.substring(q + 1), "&");
        String module = query.get("module-path");
        if (module == null) module = systemModuleProxy().map(Path::toString).orElseThrow(() -> new IllegalArgumentException(
                "the PKCS#11 URI names no module-path, and p11-kit's proxy module, which would find the system's tokens "
                        + "(Debian package p11-kit-modules), is not installed: give module-path=/path/to/the/token/library.so"));
        String object = path.get("object");
        if (object == null) throw new IllegalArgumentException("the PKCS#11 URI needs object=<label of the key>");
        String pin = query.get("pin-value");
        if (pin == null && query.containsKey("pin-source")) {
            String source = query.get("pin-source");
            Path file = Path.of(source.startsWith("file:") ? source.substring(5) : source);
            try {
                pin = java.nio.file.Files.readString(file).strip();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the PIN file " + file + " cannot be read: " + e.getMessage());
            }
        }
        if (pin == null) pin = pinFromEnvironment;
        if (pin == null) throw new IllegalArgumentException("no PIN for the PKCS#11 token: give pin-value or pin-source in the URI, "
                + "or set IOTLS_PKCS11_PIN");
        Long slot = path.containsKey("slot-id") ? Long.valueOf(path.get("slot-id")) : null;
        return pkcs11(new Pkcs11(Path.of(module), path.get("token"), object, slot), Password.of(pin));
    }

    /** Where Debian, Ubuntu, Fedora and Arch put p11-kit's proxy module. */
    private static final List<Path> P11_KIT_PROXY = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so"), Path.of("/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so"),
            Path.of("/usr/lib/arm-linux-gnueabihf/p11-kit-proxy.so"), Path.of("/usr/lib64/p11-kit-proxy.so"),
            Path.of("/usr/lib/p11-kit-proxy.so"));

    /** p11-kit's proxy module, when installed. */
    public static Optional<Path> systemModuleProxy() {
        return P11_KIT_PROXY.stream().filter(java.nio.file.Files::isReadable).findFirst();
    }

    private static java.util.Map<String, String> attributes(String text, String separator) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String part : text.split(separator)) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("PKCS#11 URI attribute without '=': " + (part.startsWith("pin") ? "pin..." : part));
            map.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }

    public Kind kind() { return kind; }
    /** The token, for a {@link Kind#PKCS11} source. */
    public Optional<Pkcs11> pkcs11() { return Optional.ofNullable(pkcs11); }
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
    /** The key manager of a {@link Kind#KEY_MANAGER} source. */
    public javax.net.ssl.X509KeyManager keyManager() { return keyManager; }
    public Optional<String> alias() { return Optional.ofNullable(alias); }

    /** Where the material is, for messages: file names, "PEM text in memory" or the key store's type and alias. */
    public String describe() {
        return switch (kind) {
            case PEM_FILES -> certificateFile + " and " + keyFile;
            case PKCS12_FILE -> pkcs12File.toString();
            case PEM_TEXT -> "the PEM text given in memory";
            case KEY_STORE -> keyStore.getType() + " key store" + (alias == null ? "" : " entry '" + alias + "'");
            case KEY_MANAGER -> "key manager " + keyManager.getClass().getSimpleName() + (alias == null ? "" : " alias '" + alias + "'");
            case PKCS11 -> "PKCS#11 object '" + pkcs11.objectLabel() + "'" + (pkcs11.tokenLabel() == null ? ""
                    : " of token '" + pkcs11.tokenLabel() + "'") + " (" + pkcs11.module() + ")";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PKCS12_FILE -> "PKCS#12 " + pkcs12File;
            case PEM_FILES -> "certificate " + certificateFile + ", key " + keyFile;
            case PEM_TEXT -> "certificate and key from PEM text in memory";
            case KEY_STORE, KEY_MANAGER, PKCS11 -> describe();
        } + (password.isPresent() ? " (password [redacted])" : "");
    }
}
