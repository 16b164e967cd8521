package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.CertificateAuthority;
import io.iotls.testkit.Issued;
import io.iotls.testkit.KeyType;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.SetupFinding;
import io.iotls.transport.SetupFinding.Status;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code iotls doctor}'s checks: each planted fault in a test PKI is found, named, and given a fix; a sound set-up passes. */
class SetupCheckTest {
    private final TestPki pki = SharedPki.get();
    private final Path dir = TempFiles.directory("iotls-doctor-");

    private SetupCheck.Builder device() {
        return SetupCheck.forDevice().caFile(pki.caFile()).certificate(pki.clientCertFile(), pki.clientKeyFile(), null);
    }

    private static SetupFinding the(String check, List<SetupFinding> findings) {
        List<SetupFinding> of = findings.stream().filter(f -> f.check().equals(check)).toList();
        assertThat(of).as("findings of check '%s' in %s", check, findings).hasSize(1);
        return of.get(0);
    }

    private static void assertProblem(SetupFinding f, String... words) {
        assertThat(f.status()).as("%s", f).isEqualTo(Status.PROBLEM);
        for (String w : words) assertThat(f.message()).as("message of %s", f).contains(w);
        assertThat(f.fix()).as("a problem says what to do: %s", f).isPresent();
    }

    private Path write(String name, Issued issued) throws Exception {
        return pki.write(dir.getFileName() + "-" + name, issued);
    }

    @Test
    void aSoundDeviceSetUpPassesEveryCheck() {
        List<SetupFinding> findings = device().crlFile(pki.crlFile()).build().run();
        assertThat(findings).as("%s", findings).allMatch(f -> f.status() != Status.PROBLEM);
        assertThat(findings.stream().map(SetupFinding::check)).contains("ca-file", "key-match", "chain-order", "chain", "validity",
                "purpose", "key-strength", "signature", "crl", "revocation", "permissions");
        assertThat(SetupCheck.allWell(findings)).isTrue();
    }

    @Test
    void aCaFileHoldingAPeersOwnCertificateIsFound() throws Exception {
        Path leafOnly = PemFiles.writeCertificate(dir.resolve("leaf-as-ca.crt"), pki.server().certificate());
        SetupFinding ca = the("ca-file", SetupCheck.forDevice().caFile(leafOnly).build().run());
        assertThat(ca.status()).isEqualTo(Status.WARNING);
        assertThat(ca.message()).contains("CN=localhost", "no CA certificate");
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertProblem(the("ca-file", SetupCheck.forDevice().caFile(garbage).build().run()), "garbage.crt");
    }

    @Test
    void aKeyOfAnotherCertificateIsFound() {
        var findings = SetupCheck.forDevice().certificate(pki.clientCertFile(), pki.serverKeyFile(), null).build().run();
        assertProblem(the("key-match", findings), "does not belong to");
        assertThat(SetupCheck.allWell(findings)).isFalse();
    }

    @Test
    void aChainListedOutOfOrderIsFoundAndTheOrderThatWorksNamed() throws Exception {
        // leaf, root, intermediate: the root did not issue the leaf
        Path file = write("out-of-order", new Issued(pki.client().certificate(), pki.client().key(),
                List.of(pki.root().certificate(), pki.intermediate().certificate())));
        SetupFinding order = the("chain-order", SetupCheck.forDevice().certificate(file, key(file), null).build().run());
        assertProblem(order, "certificate 2", "did not issue certificate 1");
        assertThat(order.fix().get()).contains("here: 'CN=iotls-client", "'CN=iotls Test Intermediate CA,O=iotls test PKI', 'CN=iotls Test Root CA");
    }

    @Test
    void anIssuerMissingFromTheCaFileIsFound() throws Exception {
        CertificateAuthority other = CertificateAuthority.root("another root", KeyType.EC_P256);
        Path otherCa = PemFiles.writeCertificate(dir.resolve("other-ca.crt"), other.certificate());
        var device = device().caFile(otherCa).build().run();
        assertThat(the("chain", device).status()).as("a device's CA file verifies the broker: only a warning")
                .isEqualTo(Status.WARNING);
        var broker = SetupCheck.forBroker().caFile(otherCa).certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build().run();
        assertProblem(the("chain", broker));
        // a CA of the same name with another key: the CA was re-created
        CertificateAuthority impostor = CertificateAuthority.root("iotls Test Root CA", KeyType.EC_P256);
        Path sameName = PemFiles.writeCertificate(dir.resolve("same-name-ca.crt"), impostor.certificate());
        var recreated = device().caFile(sameName).build().run();
        assertProblem(the("chain", recreated));
        assertThat(the("chain", recreated).fix().get()).contains("re-created");
    }

    @Test
    void anExpiredCertificateIsAProblemAndOneEndingWithinAMonthAWarning() throws Exception {
        Instant now = Instant.now();
        // CAs of long standing, as real ones are: valid when the device's certificate was
        CertificateAuthority oldRoot = CertificateAuthority.root("long-standing root", KeyType.EC_P256,
                now.minus(Duration.ofDays(900)), now.plus(Duration.ofDays(900)));
        CertificateAuthority longStanding = oldRoot.intermediate("long-standing CA", KeyType.EC_P256,
                now.minus(Duration.ofDays(800)), now.plus(Duration.ofDays(800)));
        Issued expired = longStanding.client("expired-device").validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)))
                .issue();
        Path file = write("expired", expired);
        Path oldCaFile = io.iotls.testkit.PemFiles.writeCertificate(dir.resolve("old-ca.crt"), oldRoot.certificate());
        var findings = SetupCheck.forDevice().caFile(oldCaFile).certificate(file, key(file), null).build().run();
        assertProblem(the("validity", findings), "expired on", "35 days ago");
        assertThat(the("chain", findings).status()).as("the chain is still right, dates aside").isEqualTo(Status.OK);
        Issued ending = pki.intermediate().client("ending-device").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)))
                .issue();
        Path endingFile = write("ending", ending);
        var soon = SetupCheck.forDevice().certificate(endingFile, key(endingFile), null).build().run();
        assertThat(the("validity", soon).status()).isEqualTo(Status.WARNING);
        assertThat(the("validity", soon).message()).contains("expires on");
    }

    @Test
    void aServerCertificateUsedByADeviceIsFoundByItsExtendedKeyUsage() {
        var findings = SetupCheck.forDevice().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build().run();
        assertProblem(the("purpose", findings), "serverAuth", "not clientAuth");
        var broker = SetupCheck.forBroker().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build().run();
        assertThat(the("purpose", broker).status()).isEqualTo(Status.OK);
    }

    @Test
    void aWeakRsaKeyIsFound() throws Exception {
        Issued weak = pki.intermediate().client("weak-device").keyType(KeyType.RSA_1024).issue();
        Path file = write("weak", weak);
        assertProblem(the("key-strength", SetupCheck.forDevice().certificate(file, key(file), null).build().run()), "1024 bits");
    }

    @Test
    void aSha1SignatureIsFound() throws Exception {
        CertificateAuthority ca = pki.intermediate();
        var keys = java.security.KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        var pair = keys.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(ca.certificate().getSubjectX500Principal(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(90))),
                new javax.security.auth.x500.X500Principal("CN=sha1-device"), pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate sha1 = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA1withRSA").build(ca.key())));
        Path file = write("sha1", new Issued(sha1, pair.getPrivate(), List.of(ca.certificate())));
        assertProblem(the("signature", SetupCheck.forDevice().certificate(file, key(file), null).build().run()), "SHA1withRSA");
    }

    @Test
    void aBrokerCertificateWithoutTheNameDevicesUseIsFound() {
        var findings = SetupCheck.forBroker().certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                .serverName("broker.plant.example").build().run();
        assertProblem(the("server-name", findings), "broker.plant.example");
        var right = SetupCheck.forBroker().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).serverName("localhost").build().run();
        assertThat(the("server-name", right).status()).isEqualTo(Status.OK);
    }

    @Test
    void aStaleCrlIsFound() throws Exception {
        Instant now = Instant.now();
        Path stale = PemFiles.writeCrl(dir.resolve("stale.crl"),
                pki.intermediate().crl(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30))));
        assertProblem(the("crl", device().crlFile(stale).build().run()), "expired");
    }

    @Test
    void aRevokedCertificateIsFound() throws Exception {
        CertificateAuthority ca = pki.intermediate();
        Issued revoked = ca.client("revoked-device").issue();
        Path file = write("revoked", revoked);
        ca.revoke(revoked.certificate(), Instant.now().minus(Duration.ofMinutes(5)));
        Path crl = PemFiles.writeCrl(dir.resolve("revoked.crl"), ca.crl(Duration.ofDays(7)));
        var findings = SetupCheck.forDevice().caFile(pki.caFile()).certificate(file, key(file), null).crlFile(crl).build().run();
        assertProblem(the("revocation", findings), "revoked");
        assertThat(the("crl", findings).status()).as("the CRL itself is fine").isNotEqualTo(Status.PROBLEM);
    }

    @Test
    void aPskIsCheckedForFormAndLengthAndNeverPrinted() {
        assertThat(the("psk", SetupCheck.forDevice().psk("dev-1", "00112233445566778899aabbccddeeff").build().run()).status())
                .isEqualTo(Status.OK);
        SetupFinding shortKey = the("psk", SetupCheck.forDevice().psk("dev-1", "c0ffee").build().run());
        assertThat(shortKey.status()).isEqualTo(Status.WARNING);
        assertThat(shortKey.message()).contains("3 bytes").doesNotContain("c0ffee");
        SetupFinding notHex = the("psk", SetupCheck.forDevice().psk("dev-1", "secretpassword").build().run());
        assertProblem(notHex);
        assertThat(notHex.message() + notHex.fix().orElse("")).doesNotContain("secretpassword");
        assertProblem(the("psk", SetupCheck.forDevice().psk("", "00112233445566778899aabbccddeeff").build().run()), "without an identity");
        assertThat(SetupCheck.forDevice().psk("dev-1", "00112233445566778899aabbccddeeff").build().toString())
                .contains("dev-1").doesNotContain("00112233445566778899aabbccddeeff");
    }

    @Test
    void aKeyEveryUserCanReadIsFound() throws Exception {
        Path key = Files.copy(pki.clientKeyFile(), dir.resolve("open.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertProblem(the("permissions", SetupCheck.forDevice().certificate(pki.clientCertFile(), key, null).build().run()),
                "every user");
    }

    @Test
    void aBrokerFileItsUserCannotReadIsFound() throws Exception {
        boolean known;
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto");
            known = true;
        } catch (java.io.IOException e) {
            known = false;
        }
        if (!known && Boolean.getBoolean("interop.required")) {
            throw new AssertionError("no user 'mosquitto': install Debian's mosquitto [interop.required=true]");
        }
        Assumptions.assumeTrue(known, "no user 'mosquitto' on this machine (Debian's mosquitto package creates it)");
        Path key = Files.copy(pki.serverKeyFile(), dir.resolve("broker.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------")); // as iotls pki writes keys, owned by us
        var findings = SetupCheck.forBroker().certificate(pki.serverCertFile(), key, null).brokerUser("mosquitto").build().run();
        assertProblem(the("permissions", findings), "user mosquitto cannot read", "broker.key");
    }

    private static Path key(Path certFile) {
        return Path.of(certFile.toString().replaceAll("\\.crt$", ".key"));
    }
}
