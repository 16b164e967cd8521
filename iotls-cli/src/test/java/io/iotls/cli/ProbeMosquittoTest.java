package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.PkiFolder;
import io.iotls.testkit.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code iotls probe} against the Debian mosquitto broker, with a PKI made by {@code iotls pki}. */
class ProbeMosquittoTest {
    private static Path pki;
    private static String pskHex;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TempFiles.directory("cli-pki");
        assertThat(Cli.run("pki", "init", pki.toString()).exitCode()).isZero();
        assertThat(Cli.run("pki", "client", pki.toString(), "revoked-client").exitCode()).isZero();
        assertThat(Cli.run("pki", "revoke", pki.toString(), pki.resolve("revoked-client.crt").toString()).exitCode()).isZero();
        pskHex = Files.readString(pki.resolve("psk.txt")).trim().split(":")[1];
    }

    private static String f(String name) {
        return pki.resolve(name).toString();
    }

    private static MosquittoBroker.Builder tlsBroker() {
        return MosquittoBroker.builder().tls(pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key"));
    }

    private static String at(MosquittoBroker broker) {
        return "localhost:" + broker.port();
    }

    @Test
    void serverAuthenticationShowsTheSeedStepsInOrderAndTheConnack() throws Exception {
        try (var broker = tlsBroker().start()) {
            Cli tls12 = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--tls-max-version", "tlsv1.2");
            assertThat(tls12.exitCode()).as(tls12.out()).isZero();
            assertThat(tls12.showsInOrder("ClientHello", "ServerHello", "Certificate (server)", "ServerKeyExchange",
                    "ServerHelloDone", "ClientKeyExchange", "ChangeCipherSpec (client)", "Finished (client)",
                    "ChangeCipherSpec (server)", "Finished (server)", "ApplicationData", "CONNACK: 0x00")).as(tls12.out()).isTrue();
            Cli tls13 = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "-V", "5");
            assertThat(tls13.exitCode()).as(tls13.out()).isZero();
            assertThat(tls13.showsInOrder("ClientHello", "ServerHello", "EncryptedExtensions", "Certificate (server)",
                    "CertificateVerify (server)", "Finished (server)", "Finished (client)",
                    // OpenSSL sends its tickets after our Finished, so before the CONNACK: read and shown in wire order
                    "After the handshake:", "NewSessionTicket: lifetime 7200 s, kept to resume the next connection",
                    "MQTT 5 CONNACK: 0x00 SUCCESS")).as(tls13.out()).isTrue();
        }
    }

    @Test
    void mutualTlsCaSignedAndRevokedClient() throws Exception {
        try (var broker = tlsBroker().requireCertificate().crlFile(pki.resolve("crl.pem")).start()) {
            Cli ok = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--cert", f("client.crt"), "--key", f("client.key"));
            assertThat(ok.exitCode()).as(ok.out()).isZero();
            assertThat(ok.showsInOrder("CertificateRequest", "Certificate (client)", "CertificateVerify (client)", "CONNACK: 0x00")).isTrue();

            for (String version : new String[] {"tlsv1.2", "tlsv1.3"}) {
                Cli revoked = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--cert", f("revoked-client.crt"),
                        "--key", f("revoked-client.key"), "--tls-version", version, "--tls-max-version", version);
                assertThat(revoked.exitCode()).as(revoked.out()).isEqualTo(6);
                assertThat(revoked.out()).contains("FAILED at Certificate (client): client certificate rejected")
                        .contains("certificate_revoked(44)");
            }

            Cli missing = Cli.run("probe", at(broker), "--cafile", f("ca.crt"));
            assertThat(missing.exitCode()).isEqualTo(6);
            assertThat(missing.out()).contains("client certificate required").contains("Hint: ");
        }
    }

    @Test
    void selfSignedClientCertificate() throws Exception {
        Path cas = TempFiles.file("cas", ".pem");
        Files.writeString(cas, Files.readString(pki.resolve("ca.crt")) + Files.readString(pki.resolve("selfsigned-client.crt")));
        try (var broker = MosquittoBroker.builder().tls(cas, pki.resolve("server.crt"), pki.resolve("server.key")).requireCertificate().start()) {
            Cli ok = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--cert", f("selfsigned-client.crt"), "--key", f("selfsigned-client.key"));
            assertThat(ok.exitCode()).as(ok.out()).isZero();
        }
    }

    @Test
    void preSharedKeyBothVersionsAndAWrongKey() throws Exception {
        try (var broker = MosquittoBroker.builder().psk(pki.resolve("psk.txt"), "plant-7").start()) {
            Cli tls12 = Cli.run("probe", at(broker), "--psk-identity", "iotls-device", "--psk", pskHex, "--tls-max-version", "tlsv1.2");
            assertThat(tls12.exitCode()).as(tls12.out()).isZero();
            assertThat(tls12.out()).contains("PSK identity hint: 'plant-7'").contains("authenticated by pre-shared key");
            Cli tls13 = Cli.run("probe", at(broker), "--psk-identity", "iotls-device", "--psk", pskHex);
            assertThat(tls13.exitCode()).as(tls13.out()).isZero();
            assertThat(tls13.out()).contains("server accepted PSK identity 'iotls-device'");
            Cli wrong = Cli.run("probe", at(broker), "--psk-identity", "iotls-device", "--psk", "00112233445566778899aabbccddeeff");
            assertThat(wrong.exitCode()).isEqualTo(6);
            assertThat(wrong.out()).contains("PSK rejected").doesNotContain(pskHex);
        }
    }

    @Test
    void untrustedBrokerIsExitFiveWithAHint() throws Exception {
        Path otherPki = TempFiles.directory("other-pki");
        Cli.run("pki", "init", otherPki.toString());
        try (var broker = tlsBroker().start()) {
            Cli r = Cli.run("probe", at(broker), "--cafile", otherPki.resolve("ca.crt").toString());
            assertThat(r.exitCode()).isEqualTo(5);
            assertThat(r.out()).contains("FAILED at Certificate (server): certificate not trusted").contains("Hint: ");
        }
    }

    @Test
    void jsonOutputCarriesStepsAndFailure() throws Exception {
        try (var broker = tlsBroker().start()) {
            Cli ok = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--json");
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out().trim()).startsWith("{").endsWith("}").contains("\"ok\":true")
                    .contains("\"step\":\"ClientHello\"").contains("\"mqtt\":{").contains("\"accepted\":true")
                    .contains("\"afterHandshake\":[{\"step\":\"NewSessionTicket\",\"from\":\"server\"");
            Cli bad = Cli.run("probe", at(broker), "--cafile", f("ca.crt"), "--servername", "wrong.example", "--json");
            assertThat(bad.exitCode()).isEqualTo(5);
            assertThat(bad.out()).contains("\"reason\":\"HOSTNAME_MISMATCH\"").contains("\"step\":\"Certificate (server)\"");
        }
    }

    @Test
    void brokerRefusingMqttIsExitEight() throws Exception {
        try (var broker = tlsBroker().line("allow_anonymous false").start()) {
            Cli r = Cli.run("probe", at(broker), "--cafile", f("ca.crt"));
            assertThat(r.exitCode()).as(r.out()).isEqualTo(8);
            assertThat(r.out()).contains("CONNACK: 0x05 not authorized").contains("REFUSED");
        }
    }

    @Test
    void pkiFolderKeepsRevocationsAcrossCommands() throws Exception {
        PkiFolder folder = PkiFolder.open(pki);
        String crl = Files.readString(folder.writeCrl(java.time.Duration.ofDays(1)));
        assertThat(crl).contains("BEGIN X509 CRL");
        assertThat(Files.readString(pki.resolve("revoked.txt"))).startsWith("intermediate ");
    }
}
