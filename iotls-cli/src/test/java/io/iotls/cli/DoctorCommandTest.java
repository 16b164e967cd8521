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
        Path locked = pki.resolve("locked-server.key"); // as a key made by hand: 600, owned by whoever made it
        Files.copy(pki.resolve("server.key"), locked, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path conf = pki.resolve("by-hand.conf");
        Files.writeString(conf, String.join("\n", "listener 8883", "cafile ca.crt", "certfile server.crt", "keyfile locked-server.key", ""));
        Cli r = Cli.run("doctor", "--mosquitto-conf", conf.toString(), "--servername", "plant-broker.example");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("iotls doctor: broker files").contains("ok       purpose", "PROBLEM  server-name",
                "plant-broker.example");
        if (Files.exists(Path.of("/usr/sbin/mosquitto"))) { // Debian's package made the user mosquitto
            assertThat(r.out()).contains("PROBLEM  permissions", "user mosquitto cannot read", "locked-server.key");
        }
    }

    @Test
    void pkiMakesTheFaultsDoctorFindsAndAMosquittoConfItsBrokerCanRead() throws Exception {
        assertThat(Cli.run("pki", "client", pki.toString(), "old-device", "--expired").exitCode()).isZero();
        Cli expired = Cli.run("doctor", "--cafile", f("ca.crt"), "--cert", f("old-device.crt"), "--key", f("old-device.key"));
        assertThat(expired.exitCode()).isEqualTo(1);
        assertThat(expired.out()).contains("PROBLEM  validity", "expired on");
        assertThat(Cli.run("pki", "client", pki.toString(), "future-device", "--not-yet-valid").exitCode()).isZero();
        assertThat(Cli.run("doctor", "--cert", f("future-device.crt"), "--key", f("future-device.key")).out())
                .contains("PROBLEM  validity", "is not valid before");
        Cli noVar = Cli.run("pki", "client", pki.toString(), "locked-device", "--encrypt-key", "IOTLS_TEST_UNSET_VARIABLE");
        assertThat(noVar.exitCode()).isEqualTo(2);
        assertThat(noVar.err()).contains("IOTLS_TEST_UNSET_VARIABLE (--encrypt-key) is not set");
        String path = System.getenv("PATH"); // set in every environment: its value is the password here
        assertThat(Cli.run("pki", "client", pki.toString(), "locked-device", "--encrypt-key", "PATH").exitCode()).isZero();
        assertThat(java.nio.file.Files.readString(pki.resolve("locked-device.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        Cli locked = Cli.run("doctor", "--cert", f("locked-device.crt"), "--key", f("locked-device.key"), "--keypass-env", "PATH");
        assertThat(locked.out()).as(locked.out()).contains("ok       key-match");
        assertThat(locked.out() + locked.err()).doesNotContain(path);
        Cli conf = Cli.run("doctor", "--mosquitto-conf", f("mosquitto.conf"), "--servername", "localhost");
        assertThat(conf.out()).contains("ok       server-name").doesNotContain("PROBLEM  key-match");
        if (java.nio.file.Files.exists(Path.of("/usr/sbin/mosquitto"))) { // Debian's package made the group mosquitto
            assertThat(conf.out()).contains("ok       permissions");
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
