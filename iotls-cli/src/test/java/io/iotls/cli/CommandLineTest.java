package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** Behaviour of the command line itself: usage errors, help, exit codes, plain TLS peers, the demo. */
class CommandLineTest {
    @Test
    void anUnknownHostAndAPortThatCannotBeAreSaidInWords() {
        Cli host = Cli.run("pub", "-h", "no-such-host.invalid", "-t", "t", "-m", "x");
        assertThat(host.exitCode()).isEqualTo(1);
        assertThat(host.err()).contains("unknown host 'no-such-host.invalid'").doesNotContain("<unresolved>");
        Cli port = Cli.run("pub", "-p", "0", "-t", "t", "-m", "x");
        assertThat(port.exitCode()).as("a bad command line exits 1, as mosquitto_pub").isEqualTo(1);
        assertThat(port.err()).contains("-p 0: a broker's port is 1 to 65535");
    }

    @Test
    void aBadCommandLineExitsOneForPubAndSubAsMosquittosClientsAndTwoForIotlsOwnCommands() {
        Cli unknown = Cli.run("pub", "-t", "t", "-m", "x", "--no-such-option");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("iotls pub: Unknown option: '--no-such-option'");
        assertThat(Cli.run("pub", "-m", "x").exitCode()).as("no topic").isEqualTo(1);
        assertThat(Cli.run("sub", "-C", "1").exitCode()).as("no topic").isEqualTo(1);
        assertThat(Cli.run("pub", "-t", "t", "-m", "x", "-q", "3").exitCode()).as("QoS 3").isEqualTo(1);
        assertThat(Cli.run("probe", "--no-such-option").exitCode()).isEqualTo(2);
    }

    @Test
    void aMisspeltCommandIsNamedOnceWithTheCommandsItMayHaveMeant() {
        Cli typo = Cli.run("pubb", "-t", "t");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("iotls: Unmatched arguments from index 0: 'pubb'").contains("Did you mean: iotls pub")
                .doesNotContain("iotls iotls");
        assertThat(Cli.run("--help").out()).contains("probe", "doctor", "pub", "sub", "pki", "demo", "help").doesNotContain("aot-training");
        assertThat(Cli.run("help", "sub").out()).startsWith("Usage: iotls sub");
    }

    @Test
    void mosquittosNamesForAlpnAndTheSystemRootsAreAccepted() {
        PubCommand pub = new PubCommand();
        new picocli.CommandLine(pub).parseArgs("-t", "t", "-m", "x", "--tls-alpn", "mqtt", "--tls-use-os-certs");
        assertThat(pub.tls.alpn).containsExactly("mqtt");
        assertThat(pub.tls.systemRoots).isTrue();
    }

    @Test
    void aPortWhereNothingListensIsNamedWithTheUsualPorts() throws Exception {
        int closed = io.iotls.testkit.FreePort.find(); // free: nothing listens there
        Cli r = Cli.run("pub", "-h", "127.0.0.1", "-p", Integer.toString(closed), "-t", "t", "-m", "x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nothing accepts connections at 127.0.0.1:" + closed).contains("1883");
    }

    @Test
    void aKeptSessionNeverExpiresUnlessMinusXSaysHowLongAsWithMosquitto() {
        assertThat(sessionExpiryOf("-V", "5", "-c", "-i", "dev")).isEqualTo(java.time.Duration.ofSeconds(4_294_967_295L));
        assertThat(sessionExpiryOf("-V", "5", "-c", "-i", "dev", "-x", "600")).isEqualTo(java.time.Duration.ofSeconds(600));
        assertThat(sessionExpiryOf("-V", "5", "-i", "dev", "-x", "-1")).isEqualTo(java.time.Duration.ofSeconds(4_294_967_295L));
        assertThat(sessionExpiryOf("-V", "5", "-i", "dev", "-x", "\u221e")).isEqualTo(java.time.Duration.ofSeconds(4_294_967_295L));
        assertThat(sessionExpiryOf("-V", "5")).isZero();
        assertThat(sessionExpiryOf("-V", "311", "-c", "-i", "dev")).as("3.1.1 has no expiry: clean session 0 only").isZero();
        Cli bad = Cli.run("pub", "-V", "5", "-i", "dev", "-x", "-5", "-t", "t", "-m", "x");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("-x -5: the session expiry is 0 to 4294967295 seconds, or -1 for never");
    }

    private static java.time.Duration sessionExpiryOf(String... mqttArgs) {
        PubCommand pub = new PubCommand();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(mqttArgs));
        args.addAll(java.util.List.of("-t", "t", "-m", "x"));
        new picocli.CommandLine(pub).parseArgs(args.toArray(String[]::new));
        return pub.mqtt.toOptions(pub.tls, false, null).sessionExpiry();
    }

    @Test
    void aMissingMessageFileIsNamedInWordsBeforeAnyConnection() {
        Cli r = Cli.run("pub", "-h", "127.0.0.1", "-p", "1", "-t", "t", "-f", "/nonexistent/reading.json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read the message file /nonexistent/reading.json: there is no such file")
                .doesNotContain("Exception").doesNotContain("refused"); // port 1 was never tried
    }

    @Test
    void aMessageFileTooBigForMqttIsRefusedWithTheLimitWithoutBeingRead() throws Exception {
        java.nio.file.Path big = io.iotls.testkit.TempFiles.file("big", ".bin");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(PubCommand.MAX_PAYLOAD + 1); // sparse: nothing written, nothing to read
        }
        Cli r = Cli.run("pub", "-h", "127.0.0.1", "-p", "1", "-t", "t", "-f", big.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("268,435,456 bytes").contains("at most 268,435,455").doesNotContain("Exception");
    }

    @Test
    void aDirectoryAsMessageFileIsNamedAsSuch() throws Exception {
        java.nio.file.Path dir = io.iotls.testkit.TempFiles.directory("payload-dir");
        Cli r = Cli.run("pub", "-h", "127.0.0.1", "-p", "1", "-t", "t", "-f", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read the message file " + dir + ": it is a directory");
    }

    @Test
    void unknownCipherSuiteIsAUsageErrorNamingTheNearestSuites() {
        Cli r = Cli.run("probe", "localhost", "--cafile", "/dev/null", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA265");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown cipher suite").contains("ECDHE-RSA-AES128-GCM-SHA256").contains("iotls probe --list-ciphers");
    }

    @Test
    void listCiphersShowsEverySuiteWithBothNamesAndWhetherItIsADefault() {
        Cli r = Cli.run("probe", "--list-ciphers");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("TLS_")).count()).isEqualTo(io.iotls.transport.CipherSuite.values().length);
        assertThat(r.out()).containsPattern("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 +ECDHE-RSA-AES128-GCM-SHA256 +1\\.2 +ECDHE-RSA +yes +default")
                .containsPattern("TLS_RSA_WITH_AES_128_CBC_SHA +AES128-SHA +1\\.2 +RSA +no +only when named")
                .containsPattern("TLS_AES_128_GCM_SHA256 +TLS_AES_128_GCM_SHA256 +1\\.3 +any +yes +default");
        assertThat(Cli.run("probe").exitCode()).as("without --list-ciphers the broker is needed").isEqualTo(2);
    }

    @Test
    void obsoleteTlsVersionIsRefused() {
        Cli r = Cli.run("probe", "localhost", "--cafile", "/dev/null", "--tls-version", "tlsv1.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("obsolete");
    }

    @Test
    void missingTrustIsAnErrorNotASilentInsecureConnection() {
        Cli r = Cli.run("probe", "localhost");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no CA to verify the broker");
    }

    @Test
    void helpListsTheExitCodes() {
        Cli r = Cli.run("probe", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("6  we were rejected").contains("--psk-identity");
    }

    @Test
    void unreadableKeyFileIsASetupErrorExitThree() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("cli"));
        Cli r = Cli.run("probe", "localhost:1", "--cafile", pki.caFile().toString(), "--cert", pki.clientCertFile().toString(),
                "--key", pki.selfSignedClientKeyFile().toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("FAILED at Setup: key does not match certificate");
    }

    @Test
    void noMqttProbesAPlainTlsPeer() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("cli"));
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start()) {
            Cli r = Cli.run("probe", "127.0.0.1:" + server.port(), "--cafile", pki.caFile().toString(), "--no-mqtt");
            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out()).contains("Verdict: CONNECTED: server certificate trusted");
        }
    }

    @Test
    void connectionRefusedIsExitFour() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("cli"));
        Cli r = Cli.run("probe", "127.0.0.1:" + io.iotls.testkit.FreePort.find(), "--cafile", pki.caFile().toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).contains("FAILED at TCP connect: connection refused");
    }

    @Test
    void demoPublishesAndSubscribesThroughEveryModeAndRefusesTheBadOnes() {
        Cli r = Cli.run("demo");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("All modes behaved as expected.")
                .contains("mutual TLS, self-signed client certificate")
                .contains("REVOKED client certificate (must be refused)        as expected  refused at Certificate (client)")
                .contains("WRONG PSK key (must be refused)                     as expected  refused at ClientHello: PSK rejected")
                .contains("static RSA key exchange (the seed's example suite)  as expected  pub/sub ok, TLS_RSA_WITH_AES_128_GCM_SHA256")
                .contains("pre-shared key, TLS 1.3 (external PSK, psk_dhe_ke)  as expected  pub/sub ok")
                .contains("the subscriber received 'hello over mutual TLS, CA-signed client certificate'");
    }

    @Test
    void theLaunchersAotTrainingRunPublishesSubscribesAndProbesOverTlsAndStaysOutOfTheHelp() {
        Cli training = Cli.run("aot-training");
        assertThat(training.exitCode()).as("the training run ends well: %s", training.err()).isZero();
        assertThat(Cli.run("--help").out()).doesNotContain("aot-training");
    }
}
