package io.iotls.cli;

import io.iotls.mqtt.ConnAck;
import io.iotls.mqtt.MqttClient;
import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttException;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import io.iotls.testkit.Issued;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.ClientAuth;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.PskKey;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import io.iotls.transport.TlsVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {"Publish and subscribe through every TLS mode on this "
        + "machine, nothing to install: makes a test PKI in a temp folder, starts an embedded MQTT broker (Moquette, plain TCP "
        + "on 127.0.0.1) behind iotls' own TLS endpoints, runs publish/subscribe in each mode, shows each handshake, and "
        + "shows a revoked client certificate and a wrong PSK being refused. Stops all it started."})
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--keep", description = "Keep the temp PKI folder (its path is printed).")
    boolean keep;

    @Option(names = "--quiet", description = "Print only the summary table.")
    boolean quiet;

    private record Case(String mode, boolean shouldSucceed, TlsOptions options, int port, String tlsArgs) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = keep ? Files.createTempDirectory("iotls-demo-") : TempFiles.directory("iotls-demo-"); // gone on Ctrl-C too
        List<AutoCloseable> started = new ArrayList<>();
        try {
            out.println("iotls demo: test PKI in " + dir + " (RSA server certificate, EC client certificates, random PSK)");
            TestPki pki = TestPki.create(dir);
            Issued revoked = pki.intermediate().client("revoked-device").issue();
            PemFiles.writeCertificates(dir.resolve("revoked-device.crt"), revoked.chain());
            PemFiles.writeKey(dir.resolve("revoked-device.key"), revoked.key());
            pki.revoke(revoked);

            EmbeddedBroker broker = EmbeddedBroker.start();
            started.add(broker);
            out.println("MQTT broker: Moquette on 127.0.0.1:" + broker.port() + " (plain TCP), TLS terminated by iotls endpoints:");
            TlsServerEndpoint serverAuth = front(started, broker, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:"
                            + "TLS_RSA_WITH_AES_128_GCM_SHA256").build());
            TlsServerEndpoint mutual = front(started, broker, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .clientCaFile(pki.caFile(), ClientAuth.REQUIRED).crlFile(pki.crlFile()).build());
            TlsServerEndpoint selfSigned = front(started, broker, TlsServerOptions.builder()
                    .certificate(pki.serverCertFile(), pki.serverKeyFile(), null)
                    .clientCaFile(pki.selfSignedClientCertFile(), ClientAuth.REQUIRED).build());
            TlsServerEndpoint psk = front(started, broker, TlsServerOptions.builder()
                    .psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex())).pskHint("iotls-demo").build());
            out.printf("  %d server authentication, %d mutual TLS (CRL), %d self-signed clients, %d PSK%n",
                    serverAuth.port(), mutual.port(), selfSigned.port(), psk.port());

            String ca = " --cafile " + pki.caFile();
            String pskArgs = " --psk-identity " + pki.pskIdentity() + " --psk <hex from psk.txt>";
            TlsOptions trust = TlsOptions.builder().caFile(pki.caFile()).build();
            PskKey key = PskKey.ofHex(pki.pskHex());
            List<Case> cases = List.of(
                    new Case("server authentication, TLS 1.3", true, trust, serverAuth.port(), ca),
                    new Case("server authentication, TLS 1.2 ECDHE", true,
                            trust.toBuilder().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(), serverAuth.port(),
                            ca + " --tls-max-version tlsv1.2"),
                    new Case("static RSA key exchange (the seed's example suite)", true,
                            trust.toBuilder().cipherSuites("TLS_RSA_WITH_AES_128_GCM_SHA256").versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(),
                            serverAuth.port(), ca + " --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256 --tls-max-version tlsv1.2"),
                    new Case("mutual TLS, CA-signed client certificate", true,
                            trust.toBuilder().clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build(), mutual.port(),
                            ca + " --cert " + pki.clientCertFile() + " --key " + pki.clientKeyFile()),
                    new Case("mutual TLS, self-signed client certificate", true,
                            trust.toBuilder().clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build(),
                            selfSigned.port(), ca + " --cert " + pki.selfSignedClientCertFile() + " --key " + pki.selfSignedClientKeyFile()),
                    new Case("pre-shared key, TLS 1.2 (ECDHE-PSK, identity hint)", true,
                            TlsOptions.builder().psk(pki.pskIdentity(), key).versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build(),
                            psk.port(), pskArgs + " --tls-max-version tlsv1.2"),
                    new Case("pre-shared key, TLS 1.3 (external PSK, psk_dhe_ke)", true,
                            TlsOptions.builder().psk(pki.pskIdentity(), key).build(), psk.port(), pskArgs),
                    new Case("REVOKED client certificate (must be refused)", false,
                            trust.toBuilder().clientCertificate(dir.resolve("revoked-device.crt"), dir.resolve("revoked-device.key"), null).build(),
                            mutual.port(), ca + " --cert revoked-device.crt --key revoked-device.key"),
                    new Case("WRONG PSK key (must be refused)", false,
                            TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex("00112233445566778899aabbccddeeff")).build(),
                            psk.port(), " --psk-identity " + pki.pskIdentity() + " --psk 00112233445566778899aabbccddeeff"));

            List<String[]> summary = new ArrayList<>();
            boolean allAsExpected = true;
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String topic = "demo/" + (i + 1);
                Probe.Outcome o = pubSub(c, topic);
                boolean succeeded = o.exitCode() == ExitCode.OK;
                boolean asExpected = succeeded == c.shouldSucceed();
                allAsExpected &= asExpected;
                if (!quiet) {
                    out.println();
                    out.println("== " + (i + 1) + ". " + c.mode() + " ==");
                    out.println("$ iotls pub -h localhost -p " + c.port() + " -t " + topic + " -m 'hello' -q 1 --trace" + c.tlsArgs());
                    out.print(ProbeReport.text(o));
                }
                String result = succeeded ? "pub/sub ok, " + o.trace().flatMap(t -> t.cipherSuite()).map(s -> s.ianaName()).orElse("?")
                        : "refused at " + o.failure().map(f -> f.step() + ": " + f.reason().summary()).orElse(o.otherError().orElse("?"));
                summary.add(new String[] {String.valueOf(i + 1), c.mode(), result, asExpected ? "as expected" : "UNEXPECTED"});
            }
            out.println();
            out.println("Summary");
            int width = summary.stream().mapToInt(r -> r[1].length()).max().orElse(10);
            for (String[] r : summary) out.printf("%2s  %-" + width + "s  %-12s %s%n", r[0], r[1], r[3], r[2]);
            out.println(allAsExpected ? "All modes behaved as expected." : "SOME MODES DID NOT BEHAVE AS EXPECTED.");
            return allAsExpected ? 0 : 1;
        } finally {
            for (AutoCloseable c : started.reversed()) c.close();
            if (keep) out.println("PKI kept in " + dir);
            else TempFiles.deleteTree(dir);
            out.flush();
        }
    }

    /** A subscriber and a publisher through the same TLS mode: one QoS 1 message must go round. */
    private static Probe.Outcome pubSub(Case c, String topic) {
        String target = "localhost:" + c.port();
        MqttClientOptions options = MqttClientOptions.builder("mqtts://" + target).version(MqttVersion.V3_1_1).tls(c.options()).build();
        try (MqttClient subscriber = MqttClient.create(options); MqttClient publisher = MqttClient.create(options)) {
            CompletableFuture<MqttMessage> received = new CompletableFuture<>();
            subscribe(subscriber, topic, received);
            ConnAck ack = publisher.connect();
            String text = "hello over " + c.mode();
            publisher.publish(MqttMessage.of(topic, text, Qos.AT_LEAST_ONCE));
            MqttMessage got = received.get(5, TimeUnit.SECONDS);
            return new Probe.Outcome(target, publisher.handshakeTrace(), Optional.empty(), Optional.of(ack),
                    Optional.of("published '" + text + "' to " + topic + " at QoS 1 (PUBACK); the subscriber received '"
                            + got.payloadAsString() + "'"), Optional.empty());
        } catch (HandshakeException e) {
            return new Probe.Outcome(target, e.trace(), Optional.of(e), Optional.empty(), Optional.empty(), Optional.empty());
        } catch (Exception e) {
            return new Probe.Outcome(target, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * Moquette 0.17 marks a connection as connected only once its CONNACK write has completed, and drops a connection
     * whose SUBSCRIBE arrives sooner ("SUBSCRIBE received on already closed connection"): a quick client can meet that
     * window. The demo's stand-in broker is not what it shows, so the subscriber connects and subscribes once more then.
     */
    private static void subscribe(MqttClient subscriber, String topic, CompletableFuture<MqttMessage> received) throws Exception {
        subscriber.connect();
        try {
            subscriber.subscribe(topic, Qos.AT_LEAST_ONCE, received::complete);
        } catch (MqttException lost) {
            if (subscriber.isConnected()) throw lost;
            subscriber.connect();
            subscriber.subscribe(topic, Qos.AT_LEAST_ONCE, received::complete);
        }
    }

    private static TlsServerEndpoint front(List<AutoCloseable> started, EmbeddedBroker broker, TlsServerOptions options) throws IOException {
        TlsServerEndpoint endpoint = TlsFront.start(options, broker.port());
        started.add(endpoint);
        return endpoint;
    }
}
