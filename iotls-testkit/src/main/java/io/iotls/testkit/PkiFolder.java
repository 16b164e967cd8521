package io.iotls.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * A folder made by {@link TestPki#create} (or {@code iotls pki init}), opened again to issue more certificates,
 * revoke some and re-sign the CRLs. Revocations are kept in {@code revoked.txt} so every new CRL still lists them.
 */
public final class PkiFolder {
    private static final String REVOKED = "revoked.txt";

    private final Path dir;
    private final CertificateAuthority root;
    private final CertificateAuthority intermediate;

    private PkiFolder(Path dir, CertificateAuthority root, CertificateAuthority intermediate) {
        this.dir = dir;
        this.root = root;
        this.intermediate = intermediate;
    }

    public static PkiFolder open(Path dir) throws IOException {
        for (String f : List.of("ca.crt", "ca.key", "intermediate.crt", "intermediate.key")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException(dir.resolve(f) + " is missing: is " + dir + " a folder made by 'iotls pki init'?");
            }
        }
        X509Certificate rootCert = certificates(dir.resolve("ca.crt")).get(0);
        X509Certificate intermediateCert = certificates(dir.resolve("intermediate.crt")).get(0);
        CertificateAuthority root = CertificateAuthority.load(rootCert, key(dir.resolve("ca.key")), List.of());
        CertificateAuthority intermediate = CertificateAuthority.load(intermediateCert, key(dir.resolve("intermediate.key")),
                List.of(intermediateCert));
        PkiFolder folder = new PkiFolder(dir, root, intermediate);
        folder.replayRevocations();
        return folder;
    }

    public Path dir() { return dir; }

    /**
     * How a leaf is made beyond its name and key type: its validity (null: from an hour ago for the default length) and
     * the password its key file is encrypted with (null: a plain PKCS#8 key).
     */
    public record LeafOptions(KeyType type, Instant notBefore, Instant notAfter, char[] keyPassword) {
        public static LeafOptions of(KeyType type) {
            return new LeafOptions(type, null, null, null);
        }

        /** Expired a month ago, after a year of validity: for trying a peer's refusal. */
        public LeafOptions expired() {
            Instant now = Instant.now();
            return new LeafOptions(type, now.minus(Duration.ofDays(395)), now.minus(Duration.ofDays(30)), keyPassword);
        }

        /** Valid from a month ahead: for trying a peer's refusal. */
        public LeafOptions notYetValid() {
            Instant now = Instant.now();
            return new LeafOptions(type, now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(395)), keyPassword);
        }

        public LeafOptions encryptedKey(char[] password) {
            return new LeafOptions(type, notBefore, notAfter, password.clone());
        }

        @Override
        public String toString() {
            return "LeafOptions[" + type + ", " + notBefore + " to " + notAfter + (keyPassword == null ? "" : ", key encrypted") + "]";
        }
    }

    /** Issues {@code name.crt} (leaf + intermediate) and {@code name.key} for a server with these subjectAltNames. */
    public Path issueServer(String name, List<String> altNames, KeyType type) throws IOException {
        return issueServer(name, altNames, LeafOptions.of(type));
    }

    public Path issueServer(String name, List<String> altNames, LeafOptions options) throws IOException {
        CertificateAuthority.LeafRequest request = intermediate.server(name).keyType(options.type()).names(altNames.toArray(String[]::new));
        return write(name, dated(request, options).issue(), options.keyPassword());
    }

    public Path issueClient(String name, KeyType type) throws IOException {
        return issueClient(name, LeafOptions.of(type));
    }

    public Path issueClient(String name, LeafOptions options) throws IOException {
        return write(name, dated(intermediate.client(name).keyType(options.type()), options).issue(), options.keyPassword());
    }

    private static CertificateAuthority.LeafRequest dated(CertificateAuthority.LeafRequest request, LeafOptions options) {
        return options.notBefore() == null ? request : request.validity(options.notBefore(), options.notAfter());
    }

    public Path issueSelfSigned(String name, KeyType type) throws IOException {
        return issueSelfSigned(name, LeafOptions.of(type));
    }

    /** A self-signed certificate has the default validity: the options' dates are not for it. */
    public Path issueSelfSigned(String name, LeafOptions options) throws IOException {
        if (options.notBefore() != null) throw new IllegalArgumentException("a self-signed certificate is made with the default validity");
        return write(name, CertificateAuthority.selfSigned(name, options.type(), List.of(name)), options.keyPassword());
    }

    /** Revokes the certificate in {@code certFile} (issued by the root or the intermediate) and rewrites crl.pem. */
    public Path revoke(Path certFile) throws IOException {
        X509Certificate cert = certificates(certFile).get(0);
        CertificateAuthority issuer = issuerOf(cert);
        Instant when = Instant.now();
        issuer.revoke(cert.getSerialNumber(), when);
        Files.writeString(dir.resolve(REVOKED), (issuer == root ? "root " : "intermediate ") + cert.getSerialNumber().toString(16)
                + " " + when + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return writeCrl(Duration.ofDays(30));
    }

    /** Rewrites crl.pem with both CAs' CRLs, valid for {@code validity}. */
    public Path writeCrl(Duration validity) throws IOException {
        Path file = dir.resolve("crl.pem");
        Files.writeString(file, PemFiles.toPem(root.crl(validity), intermediate.crl(validity)));
        return file;
    }

    private CertificateAuthority issuerOf(X509Certificate cert) {
        if (cert.getIssuerX500Principal().equals(intermediate.certificate().getSubjectX500Principal())) return intermediate;
        if (cert.getIssuerX500Principal().equals(root.certificate().getSubjectX500Principal())) return root;
        throw new IllegalArgumentException("certificate " + cert.getSubjectX500Principal() + " was not issued by this PKI's CAs");
    }

    private void replayRevocations() throws IOException {
        Path file = dir.resolve(REVOKED);
        if (!Files.exists(file)) return;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) continue;
            (f[0].equals("root") ? root : intermediate).revoke(new BigInteger(f[1], 16), Instant.parse(f[2]));
        }
    }

    private Path write(String name, Issued issued) throws IOException {
        return write(name, issued, null);
    }

    private Path write(String name, Issued issued, char[] keyPassword) throws IOException {
        if (keyPassword == null) PemFiles.writeKey(dir.resolve(name + ".key"), issued.key());
        else PemFiles.writeKey(dir.resolve(name + ".key"), issued.key(), PemFiles.KeyFormat.PKCS8_ENCRYPTED, keyPassword);
        return PemFiles.writeCertificates(dir.resolve(name + ".crt"), issued.chain());
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) certs.add(new JcaX509CertificateConverter().getCertificate(h));
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("cannot read certificate " + file, e);
        }
        if (certs.isEmpty()) throw new IOException(file + " holds no PEM certificate");
        return certs;
    }

    private static PrivateKey key(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = parser.readObject();
            PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) o;
            String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
            String algorithm = switch (oid) {
                case "1.2.840.113549.1.1.1" -> "RSA";
                case "1.2.840.10045.2.1" -> "EC";
                case "1.3.101.112" -> "Ed25519";
                default -> throw new IOException("unsupported CA key algorithm " + oid + " in " + file);
            };
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (ClassCastException | java.security.GeneralSecurityException e) {
            throw new IOException("cannot read unencrypted private key " + file, e);
        }
    }
}
