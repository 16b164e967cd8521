package io.iotls.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A complete test PKI in one folder, in PEM files that OpenSSL and mosquitto accept:
 * <pre>
 * ca.crt / ca.key                      root CA (RSA 2048)
 * intermediate.crt / intermediate.key  intermediate CA signed by the root
 * server.crt / server.key              server (RSA), SANs localhost, 127.0.0.1, ::1; server.crt holds leaf + intermediate
 * client.crt / client.key              CA-signed client (EC P-256), leaf + intermediate
 * selfsigned-client.crt / .key         self-signed client (EC P-256)
 * crl.pem                              CRLs of the root and the intermediate (valid 30 days)
 * psk.txt                              "identity:hexkey", mosquitto's psk_file format
 * </pre>
 */
public final class TestPki {
    public static final String PSK_IDENTITY = "iotls-device";

    private final Path dir;
    private final CertificateAuthority root;
    private final CertificateAuthority intermediate;
    private final Issued server;
    private final Issued client;
    private final Issued selfSignedClient;
    private final byte[] pskKey;

    private TestPki(Path dir, CertificateAuthority root, CertificateAuthority intermediate, Issued server, Issued client,
                    Issued selfSignedClient, byte[] pskKey) {
        this.dir = dir;
        this.root = root;
        this.intermediate = intermediate;
        this.server = server;
        this.client = client;
        this.selfSignedClient = selfSignedClient;
        this.pskKey = pskKey;
    }

    /** Generates the PKI and writes it into {@code dir} (created if missing). */
    public static TestPki create(Path dir, String... extraServerNames) throws IOException {
        CertificateAuthority root = CertificateAuthority.root("iotls Test Root CA", KeyType.RSA_2048);
        CertificateAuthority intermediate = root.intermediate("iotls Test Intermediate CA", KeyType.RSA_2048);
        String[] names = concat(new String[] {"localhost", "127.0.0.1", "::1"}, extraServerNames);
        Issued server = intermediate.server("localhost").keyType(KeyType.RSA_2048).names(names).issue();
        Issued client = intermediate.client("iotls-client").keyType(KeyType.EC_P256).issue();
        Issued selfSigned = CertificateAuthority.selfSigned("iotls-selfsigned-client", KeyType.EC_P256, List.of());
        byte[] psk = new byte[32];
        new SecureRandom().nextBytes(psk);
        TestPki pki = new TestPki(dir, root, intermediate, server, client, selfSigned, psk);
        pki.writeAll();
        return pki;
    }

    private void writeAll() throws IOException {
        Files.createDirectories(dir);
        PemFiles.writeCertificate(dir.resolve("ca.crt"), root.certificate());
        PemFiles.writeKey(dir.resolve("ca.key"), root.key());
        PemFiles.writeCertificate(dir.resolve("intermediate.crt"), intermediate.certificate());
        PemFiles.writeKey(dir.resolve("intermediate.key"), intermediate.key());
        write("server", server);
        write("client", client);
        write("selfsigned-client", selfSignedClient);
        writeCrls();
        writePskFile();
    }

    /** Writes {@code name.crt} (leaf and intermediates) and {@code name.key} (PKCS#8). */
    public Path write(String name, Issued issued) throws IOException {
        PemFiles.writeKey(dir.resolve(name + ".key"), issued.key());
        return PemFiles.writeCertificates(dir.resolve(name + ".crt"), issued.chain());
    }

    /** Rewrites {@code crl.pem} with the current revocations of both CAs, valid 30 days. */
    public Path writeCrls() throws IOException {
        Path file = dir.resolve("crl.pem");
        Files.writeString(file, PemFiles.toPem(root.crl(Duration.ofDays(30)), intermediate.crl(Duration.ofDays(30))));
        return file;
    }

    /** Revokes a certificate issued by the intermediate (or the intermediate itself, by the root) and rewrites crl.pem. */
    public Path revoke(Issued issued) throws IOException {
        CertificateAuthority issuer = issued.certificate().getIssuerX500Principal()
                .equals(root.certificate().getSubjectX500Principal()) ? root : intermediate;
        issuer.revoke(issued.certificate(), Instant.now().minus(Duration.ofMinutes(5)));
        return writeCrls();
    }

    private void writePskFile() throws IOException {
        Files.deleteIfExists(pskFile());
        PskFile.append(pskFile(), PSK_IDENTITY, pskKey);
    }

    public Path dir() { return dir; }
    public Path file(String name) { return dir.resolve(name); }
    public Path caFile() { return file("ca.crt"); }
    public Path crlFile() { return file("crl.pem"); }
    public Path serverCertFile() { return file("server.crt"); }
    public Path serverKeyFile() { return file("server.key"); }
    public Path clientCertFile() { return file("client.crt"); }
    public Path clientKeyFile() { return file("client.key"); }
    public Path selfSignedClientCertFile() { return file("selfsigned-client.crt"); }
    public Path selfSignedClientKeyFile() { return file("selfsigned-client.key"); }
    public Path pskFile() { return file("psk.txt"); }

    public CertificateAuthority root() { return root; }
    public CertificateAuthority intermediate() { return intermediate; }
    public Issued server() { return server; }
    public Issued client() { return client; }
    public Issued selfSignedClient() { return selfSignedClient; }
    public String pskIdentity() { return PSK_IDENTITY; }

    /** The PSK as hex, as mosquitto's psk_file and {@code --psk} take it. */
    public String pskHex() {
        return HexFormat.of().formatHex(pskKey);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public String toString() {
        return "TestPki[" + dir + "]";
    }
}
