package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code iotls doctor}: one line per check, a fix for each problem, exit 0 only when nothing is wrong; then the probe. */
class DoctorCommandTest {
    private static Path pki;

    @BeforeAll
    static void makePki() {
        pki = TempFiles.directory("cli-doctor-pki");
        assertThat(Cli.run("pki", "init", pki.toString()).exitCode()).isZero();
    }

    private static String f(String name) {
        return pki.resolve(name).toString();
    }

    @Test
    void soundDeviceFilesPassWithOneLinePerCheck() {
        Cli r = Cli.run("doctor", "--cafile", f("ca.crt"), "--cert", f("client.crt"), "--key", f("client.key"), "--crlfile", f("crl.pem"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("iotls doctor: device files").contains("ok       key-match", "ok       chain-order",
                "ok       validity", "ok       purpose", "ok       revocation").doesNotContain("PROBLEM");
    }

    @Test
    void aProblemIsPrintedWithItsFixAndExitsOne() {
        Cli r = Cli.run("doctor", "--cafile", f("ca.crt"), "--cert", f("client.crt"), "--key", f("server.key"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEM  key-match", "does not belong to", "fix: use the key", "1 problem");
        Cli json = Cli.run("doctor", "--json", "--cafile", f("ca.crt"), "--cert", f("client.crt"), "--key", f("server.key"));
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).startsWith("{\"role\":\"device\",\"ok\":false,\"findings\":[")
                .contains("{\"check\":\"key-match\",\"status\":\"problem\"");
    }

    @Test
    void aBrokersMosquittoConfIsCheckedForNameAndForWhatItsUserCanRead() throws Exception {
        Path conf = pki.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener 8883", "cafile ca.crt", "certfile server.crt", "keyfile server.key", ""));
        Cli r = Cli.run("doctor", "--mosquitto-conf", conf.toString(), "--servername", "plant-broker.example");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("iotls doctor: broker files").contains("ok       purpose", "PROBLEM  server-name",
                "plant-broker.example");
        if (Files.exists(Path.of("/usr/sbin/mosquitto"))) { // Debian's package made the user mosquitto
            assertThat(r.out()).contains("PROBLEM  permissions", "user mosquitto cannot read", "server.key");
        }
    }

    @Test
    void withAHostTheBrokerIsProbedAfterTheFiles() throws Exception {
        try (var broker = MosquittoBroker.builder().tls(pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key")).start()) {
            Cli r = Cli.run("doctor", "localhost:" + broker.port(), "--cafile", f("ca.crt"));
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.showsInOrder("ok       ca-file", "nothing wrong", "ClientHello", "CONNACK: 0x00")).as(r.out()).isTrue();
        }
    }
}
