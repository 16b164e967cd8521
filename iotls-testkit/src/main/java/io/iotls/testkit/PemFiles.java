package io.iotls.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;

/** Writes certificates, CRLs and private keys as PEM files that OpenSSL and mosquitto read. */
public final class PemFiles {
    /** Bouncy Castle as a private provider for key encryption; never registered globally. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY} (PKCS#8), the default. */
        PKCS8,
        /** {@code BEGIN ENCRYPTED PRIVATE KEY} (PKCS#8, PBES2 AES-256-CBC), needs a password. */
        PKCS8_ENCRYPTED,
        /** {@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY} (PKCS#1 / SEC1). */
        TRADITIONAL,
        /** Traditional with {@code Proc-Type: 4,ENCRYPTED} (OpenSSL legacy, AES-256-CBC), needs a password. */
        TRADITIONAL_ENCRYPTED
    }

    private PemFiles() {}

    public static Path writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        return write(file, certificates.toArray(), false);
    }

    public static Path writeCertificate(Path file, X509Certificate certificate) throws IOException {
        return write(file, new Object[] {certificate}, false);
    }

    public static Path writeCrl(Path file, X509CRL crl) throws IOException {
        return write(file, new Object[] {crl}, false);
    }

    public static Path writeKey(Path file, PrivateKey key) throws IOException {
        return writeKey(file, key, KeyFormat.PKCS8, null);
    }

    public static Path writeKey(Path file, PrivateKey key, KeyFormat format, char[] password) throws IOException {
        try {
            Object pem = switch (format) {
                case PKCS8 -> new JcaPKCS8Generator(key, null);
                case PKCS8_ENCRYPTED -> new JcaPKCS8Generator(key, pkcs8Encryptor(password));
                case TRADITIONAL -> new JcaMiscPEMGenerator(withCurveInside(key));
                case TRADITIONAL_ENCRYPTED -> new JcaMiscPEMGenerator(withCurveInside(key),
                        new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(requirePassword(password)));
            };
            return write(file, new Object[] {pem}, true);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot encrypt key for " + file, e);
        }
    }

    /** The PEM text of certificates, CRLs or keys. */
    public static String toPem(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                if (o instanceof org.bouncycastle.util.io.pem.PemObjectGenerator g) writer.writeObject(g);
                else writer.writeObject(o);
            }
        }
        return text.toString();
    }

    /**
     * The JDK encodes an EC key's curve only in the PKCS#8 wrapper; SEC1 ("BEGIN EC PRIVATE KEY") needs it inside.
     * Bouncy Castle's key object encodes it there, so go through it.
     */
    private static PrivateKey withCurveInside(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC")) return key;
        try {
            return java.security.KeyFactory.getInstance("EC", BC)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-encode EC key", e);
        }
    }

    private static OutputEncryptor pkcs8Encryptor(char[] password) throws org.bouncycastle.operator.OperatorCreationException {
        return new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(BC)
                .setPassword(requirePassword(password)).build();
    }

    private static char[] requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("an encrypted key format needs a password");
        }
        return password;
    }

    private static Path write(Path file, Object[] objects, boolean secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.deleteIfExists(file);
        if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, toPem(objects));
        return file;
    }
}
