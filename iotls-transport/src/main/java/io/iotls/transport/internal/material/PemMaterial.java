package io.iotls.transport.internal.material;

import io.iotls.transport.internal.crypto.Crypto;

import io.iotls.transport.verify.NamedCrl;
import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.FailureReason;
import io.iotls.transport.Password;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** Reads certificates, CRLs and private keys from PEM or DER files, with messages that name the file. */
public final class PemMaterial {
    private PemMaterial() {}

    /** Every PEM object of a file, or null if the file is not PEM. */
    private static List<Object> pemObjects(Path file, byte[] bytes) throws CertificateProblem {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) return null;
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (IOException e) {
            throw invalid(file, "is not valid PEM: " + e.getMessage(), e);
        } catch (RuntimeException e) { // Bouncy Castle's DecoderException: the body is not base64
            throw invalid(file, "is not valid PEM: the text between a BEGIN and an END line is not base64 (damaged or truncated?)", null);
        }
        return objects;
    }

    public static List<X509Certificate> readCertificates(Path file) throws CertificateProblem {
        return readCertificates(file, read(file));
    }

    /** Certificates from PEM or DER bytes; {@code label} names them in messages (a file, or "PEM text of ..."). */
    public static List<X509Certificate> readCertificates(Path label, byte[] bytes) throws CertificateProblem {
        Path file = label;
        List<Object> pem = pemObjects(file, bytes);
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            if (pem == null) {
                for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) certs.add((X509Certificate) c);
            } else {
                for (Object o : pem) {
                    if (o instanceof X509CertificateHolder h) {
                        certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(h.getEncoded())));
                    }
                }
            }
        } catch (CertificateException | IOException e) {
            throw invalid(file, "holds no readable X.509 certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) throw invalid(file, "holds no certificate (expected PEM 'BEGIN CERTIFICATE' or DER)", null);
        return certs;
    }

    /** The CRLs of a file (PEM, possibly several, or DER); {@code lenient} returns none instead of failing. */
    public static List<NamedCrl> readCrls(Path file, boolean lenient) throws CertificateProblem {
        byte[] bytes = read(file);
        List<NamedCrl> crls = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<Object> pem = pemObjects(file, bytes);
            if (pem == null) {
                Collection<? extends java.security.cert.CRL> all = cf.generateCRLs(new ByteArrayInputStream(bytes));
                for (var c : all) crls.add(new NamedCrl((X509CRL) c, file.toString()));
            } else {
                for (Object o : pem) {
                    if (o instanceof X509CRLHolder h) {
                        crls.add(new NamedCrl((X509CRL) cf.generateCRL(new ByteArrayInputStream(h.getEncoded())), file.toString()));
                    }
                }
            }
        } catch (Exception e) {
            if (lenient) return List.of();
            throw new CertificateProblem(FailureReason.CRL_INVALID, "CRL file " + file + " cannot be read: " + e.getMessage(),
                    "give a CRL in PEM ('BEGIN X509 CRL') or DER", e);
        }
        if (crls.isEmpty() && !lenient) {
            throw new CertificateProblem(FailureReason.CRL_INVALID, "CRL file " + file + " holds no CRL",
                    "give a CRL in PEM ('BEGIN X509 CRL') or DER", null);
        }
        return crls;
    }

    /** Certificates and CRLs of a directory (non-recursive), skipping files that hold neither. */
    public static void readDirectory(Path dir, List<X509Certificate> certs, List<NamedCrl> crls) throws CertificateProblem {
        if (!Files.isDirectory(dir)) throw invalid(dir, "is not a directory (capath)", null);
        List<Path> files;
        try (var stream = Files.list(dir)) {
            files = stream.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw invalid(dir, "cannot be listed: " + e.getMessage(), e);
        }
        for (Path f : files) {
            byte[] bytes = read(f);
            List<Object> pem = pemObjects(f, bytes);
            if (pem == null) continue; // DER files need a type; capath holds PEM
            if (pem.stream().anyMatch(o -> o instanceof X509CertificateHolder)) certs.addAll(readCertificates(f));
            if (pem.stream().anyMatch(o -> o instanceof X509CRLHolder)) crls.addAll(readCrls(f, false));
        }
    }

    /** A private key in PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 or legacy encrypted PEM, or DER PKCS#8. */
    public static PrivateKey readPrivateKey(Path file, Optional<Password> password) throws CertificateProblem {
        return readPrivateKey(file, read(file), password);
    }

    /** A private key from PEM or DER bytes; {@code label} names it in messages. */
    public static PrivateKey readPrivateKey(Path label, byte[] bytes, Optional<Password> password) throws CertificateProblem {
        Path file = label;
        List<Object> pem = pemObjects(file, bytes);
        try {
            if (pem == null) {
                return jdkKey(PrivateKeyInfo.getInstance(bytes));
            }
            for (Object o : pem) {
                if (o instanceof PrivateKeyInfo info) return jdkKey(info);
                if (o instanceof PEMKeyPair pair) return jdkKey(pair.getPrivateKeyInfo());
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    char[] pw = requirePassword(file, password);
                    PrivateKeyInfo info;
                    try {
                        info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.BC).build(pw));
                    } catch (Exception e) {
                        throw badPassword(file, e);
                    } finally {
                        java.util.Arrays.fill(pw, '\0');
                    }
                    return jdkKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    char[] pw = requirePassword(file, password);
                    PrivateKeyInfo info;
                    try {
                        info = enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Crypto.BC).build(pw)).getPrivateKeyInfo();
                    } catch (Exception e) {
                        throw badPassword(file, e);
                    } finally {
                        java.util.Arrays.fill(pw, '\0');
                    }
                    return jdkKey(info);
                }
            }
        } catch (CertificateProblem p) {
            throw p;
        } catch (Exception e) {
            throw invalid(file, "holds no readable private key (" + e.getClass().getSimpleName() + ")", null);
        }
        throw invalid(file, "holds no private key (expected 'BEGIN PRIVATE KEY', 'BEGIN ENCRYPTED PRIVATE KEY', "
                + "'BEGIN RSA PRIVATE KEY' or 'BEGIN EC PRIVATE KEY')", null);
    }

    /** A key from the JDK's own factories, so JDK providers (and BC's TLS code on top of them) can use it. */
    private static PrivateKey jdkKey(PrivateKeyInfo info) throws Exception {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.113549.1.1.1" -> "RSA";
            case "1.2.840.10045.2.1" -> "EC";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            default -> null;
        };
        PrivateKey parsed = new JcaPEMKeyConverter().setProvider(Crypto.BC).getPrivateKey(info);
        if (algorithm == null) return parsed;
        // BC re-encodes SEC1/PKCS#1 content as plain PKCS#8 that the JDK's factory accepts.
        return java.security.KeyFactory.getInstance(algorithm)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(parsed.getEncoded()));
    }

    private static char[] requirePassword(Path file, Optional<Password> password) throws CertificateProblem {
        if (password.isEmpty()) {
            throw new CertificateProblem(FailureReason.BAD_KEY_PASSWORD, "key file " + file + " is encrypted and no password was given",
                    "give the key's password with --keypass (keyPassword)", null);
        }
        return password.get().chars();
    }

    private static CertificateProblem badPassword(Path file, Exception e) {
        // The exception text of a failed decryption says nothing secret, but keep it out anyway: the type is enough.
        return new CertificateProblem(FailureReason.BAD_KEY_PASSWORD,
                "cannot decrypt key file " + file + ": wrong password (" + e.getClass().getSimpleName() + ")", null, null);
    }

    static byte[] read(Path file) throws CertificateProblem {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist", null);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    static CertificateProblem invalid(Path file, String what, Throwable cause) {
        return new CertificateProblem(FailureReason.INVALID_CONFIGURATION, "file " + file + " " + what, null, cause);
    }
}
