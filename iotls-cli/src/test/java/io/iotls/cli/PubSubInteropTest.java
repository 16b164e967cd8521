package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.Peers;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code iotls pub}/{@code sub} and mosquitto_pub/mosquitto_sub, both directions, over TLS, mutual TLS and PSK. */
class PubSubInteropTest {
    private static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(TempFiles.directory("pubsub"));
    }

    private record Mode(String name, MosquittoBroker.Builder broker, List<String> tlsArgs) {}

    private static List<Mode> modes() {
        String ca = pki.caFile().toString();
        return List.of(
                new Mode("TLS", MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()),
                        List.of("--cafile", ca)),
                new Mode("mTLS", MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).requireCertificate(),
                        List.of("--cafile", ca, "--cert", pki.clientCertFile().toString(), "--key", pki.clientKeyFile().toString())),
                new Mode("PSK", MosquittoBroker.builder().psk(pki.pskFile(), "hint"),
                        List.of("--psk", pki.pskHex(), "--psk-identity", pki.pskIdentity())));
    }

    private static String[] args(String first, List<String> tlsArgs, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        all.addAll(tlsArgs);
        return all.toArray(String[]::new);
    }

    @Test
    void iotlsPubToMosquittoSub() throws Exception {
        for (Mode mode : modes()) {
            try (var broker = mode.broker().start()) {
                List<String> cmd = new ArrayList<>(List.of(Peers.require("mosquitto_sub").toString(), "-h", "localhost",
                        "-p", String.valueOf(broker.port()), "-t", "interop/#", "-C", "1", "-W", "10", "-v"));
                cmd.addAll(mode.tlsArgs());
                Process sub = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                awaitSubscribed(broker, 1);
                Cli pub = Cli.run(args("pub", mode.tlsArgs(), "-h", "localhost", "-p", String.valueOf(broker.port()),
                        "-t", "interop/" + mode.name(), "-m", "from iotls", "-q", "1"));
                assertThat(pub.exitCode()).as(mode.name() + ": " + pub.err()).isZero();
                assertThat(sub.waitFor(15, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                        .as(mode.name()).isEqualTo("interop/" + mode.name() + " from iotls");
            }
        }
    }

    @Test
    void mosquittoPubToIotlsSub() throws Exception {
        for (Mode mode : modes()) {
            try (var broker = mode.broker().start()) {
                CompletableFuture<Cli> sub = CompletableFuture.supplyAsync(() -> Cli.run(args("sub", mode.tlsArgs(), "-h", "localhost",
                        "-p", String.valueOf(broker.port()), "-t", "interop/#", "-C", "1", "-W", "10", "-v", "-q", "1")));
                awaitSubscribed(broker, 1);
                List<String> cmd = new ArrayList<>(List.of(Peers.require("mosquitto_pub").toString(), "-h", "localhost",
                        "-p", String.valueOf(broker.port()), "-t", "interop/" + mode.name(), "-m", "from mosquitto", "-q", "1"));
                cmd.addAll(mode.tlsArgs());
                Process pub = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
                Cli result = sub.get(15, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(mode.name() + ": " + result.err()).isZero();
                assertThat(result.out().trim()).isEqualTo("interop/" + mode.name() + " from mosquitto");
            }
        }
    }

    /** Waits, at most 15 s, until the broker logged {@code count} SUBSCRIBE packets: the subscriber is in place. */
    private static void awaitSubscribed(MosquittoBroker broker, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (broker.log().split("Received SUBSCRIBE", -1).length - 1 < count) {
            assertThat(System.nanoTime()).as("the subscriber subscribed within 15 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void insecureSkipsOnlyTheHostNameAsMosquittosDoesAndAnotherFlagSkipsEverything() throws Exception {
        TestPki stranger = TestPki.create(TempFiles.directory("stranger"));
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            String port = String.valueOf(broker.port());
            Cli mismatch = Cli.run("pub", "-h", "localhost", "-p", port, "--cafile", pki.caFile().toString(),
                    "--servername", "not-this-broker.example", "-t", "t", "-m", "x");
            assertThat(mismatch.exitCode()).as(mismatch.err()).isEqualTo(8);
            Cli insecure = Cli.run("pub", "-h", "localhost", "-p", port, "--cafile", pki.caFile().toString(),
                    "--servername", "not-this-broker.example", "--insecure", "-t", "t", "-m", "x");
            assertThat(insecure.exitCode()).as(insecure.err()).isZero();
            assertThat(insecure.err()).contains("Warning: --insecure", "not checked against the host name");
            Cli otherCa = Cli.run("pub", "-h", "localhost", "-p", port, "--cafile", stranger.caFile().toString(), "--insecure",
                    "-t", "t", "-m", "x");
            assertThat(otherCa.exitCode()).as("--insecure still verifies the chain: %s", otherCa.err()).isEqualTo(8);
            assertThat(otherCa.err()).contains("not trusted");
            Cli anything = Cli.run("pub", "-h", "localhost", "-p", port, "--insecure-accept-any-certificate", "-t", "t", "-m", "x");
            assertThat(anything.exitCode()).as(anything.err()).isZero();
        }
    }

    @Test
    void pubReachesATlsBrokerThroughAnHttpProxyAndSaysWhenTheProxyRefuses() throws Exception {
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = io.iotls.testkit.ProxyServer.http("plant", "proxy-pass")) {
            String port = String.valueOf(broker.port());
            Cli ok = Cli.run("pub", "-h", "localhost", "-p", port, "--cafile", pki.caFile().toString(), "-t", "t", "-m", "x",
                    "--proxy", "http://plant:proxy-pass@127.0.0.1:" + proxy.port());
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            Cli refused = Cli.run("pub", "-h", "localhost", "-p", port, "--cafile", pki.caFile().toString(), "-t", "t", "-m", "x",
                    "--proxy", "http://plant:bad@127.0.0.1:" + proxy.port());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("proxy tunnel", "wrong").doesNotContain("bad@");
        }
    }

    @Test
    void plainMqttAndWebSocketGoThroughHttpAndSocksProxiesToo() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             var ws = MosquittoBroker.builder().webSockets().start();
             var http = io.iotls.testkit.ProxyServer.http("plant", "proxy-pass");
             var socks = io.iotls.testkit.ProxyServer.socks5("plant", "socks-pass")) {
            Cli viaHttp = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-t", "t", "-m", "x",
                    "--proxy", "http://plant:proxy-pass@127.0.0.1:" + http.port());
            assertThat(viaHttp.exitCode()).as(viaHttp.err()).isZero();
            Cli viaSocks = Cli.run("pub", "-L", "ws://127.0.0.1:" + ws.port() + "/through/socks", "-m", "x",
                    "--proxy", "socks5h://plant:socks-pass@127.0.0.1:" + socks.port());
            assertThat(viaSocks.exitCode()).as(viaSocks.err()).isZero();
            Cli refused = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-t", "t", "-m", "x",
                    "--proxy", "socks5h://plant:wrong@127.0.0.1:" + socks.port());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("proxy tunnel").doesNotContain("wrong@");
        }
    }

    @Test
    void dashAConnectsFromTheLocalAddressGivenOverTcpAndTls() throws Exception {
        try (var plain = MosquittoBroker.builder().start();
             var tls = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            Cli overTcp = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(plain.port()), "-A", "127.0.0.2", "-t", "t", "-m", "x");
            assertThat(overTcp.exitCode()).as(overTcp.err()).isZero();
            assertThat(plain.log()).contains("New connection from 127.0.0.2:");
            Cli overTls = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(tls.port()), "--cafile", pki.caFile().toString(),
                    "-A", "127.0.0.2", "-t", "t", "-m", "x");
            assertThat(overTls.exitCode()).as(overTls.err()).isZero();
            assertThat(tls.log()).contains("New connection from 127.0.0.2:");
            Cli notOurs = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(plain.port()), "-A", "192.0.2.1", "-t", "t", "-m", "x");
            assertThat(notOurs.exitCode()).isNotZero();
            assertThat(notOurs.err()).contains("local address", "192.0.2.1");
        }
    }

    @Test
    void pubAndSubReachMosquittosUnixSocket() throws Exception {
        java.nio.file.Path socket = TempFiles.directory("mosquitto-unix").resolve("mqtt.sock");
        try (var broker = MosquittoBroker.builder().line("listener 0 " + socket).start()) {
            CompletableFuture<Cli> sub = CompletableFuture.supplyAsync(() -> Cli.run("sub", "--unix", socket.toString(), "-t", "unix/#",
                    "-C", "1", "-W", "20", "-v"));
            awaitSubscribed(broker, 1);
            Cli pub = Cli.run("pub", "--unix", socket.toString(), "-t", "unix/x", "-m", "local", "-q", "1");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(sub.get(30, TimeUnit.SECONDS).out().trim()).isEqualTo("unix/x local");
            Cli missing = Cli.run("pub", "--unix", socket + ".missing", "-t", "t", "-m", "x");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("UNIX socket", ".missing");
        }
    }

    @Test
    void pubAndSubSpeakMqttOverWebSocketWithMosquittosUrlForm() throws Exception {
        try (var broker = MosquittoBroker.builder().webSockets().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).start()) {
            String url = "wss://localhost:" + broker.port() + "/plant/line%2F1";
            CompletableFuture<Cli> sub = CompletableFuture.supplyAsync(() -> Cli.run("sub", "-L", url, "--cafile", pki.caFile().toString(),
                    "-C", "1", "-W", "20", "-v"));
            awaitSubscribed(broker, 1);
            Cli pub = Cli.run("pub", "-L", url, "--cafile", pki.caFile().toString(), "-m", "over wss", "--trace",
                    "--ws-header", "X-Plant: north");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(pub.err()).contains("WebSocket upgrade").contains("101");
            Cli result = sub.get(30, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().trim()).isEqualTo("plant/line/1 over wss");
            Cli plainPort = Cli.run("pub", "--ws", "-h", "localhost", "-p", String.valueOf(broker.port()), "-t", "t", "-m", "x",
                    "--tls-timeout", "5");
            assertThat(plainPort.exitCode()).as("ws:// to a wss:// listener fails: %s", plainPort.err()).isNotZero();
            assertThat(plainPort.err()).contains("WebSocket upgrade");
        }
    }

    @Test
    void pubSignsWithAKeyThatStaysInAPkcs11Token() throws Exception {
        try (var token = io.iotls.testkit.SoftHsmToken.create("cli", "2468");
             var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).requireCertificate().start()) {
            var key = token.generateEcKey("gateway", "0a");
            token.storeCertificate(pki.root().clientCertificateFor("gateway", key), "gateway", "0a");
            String uri = "pkcs11:token=" + token.label() + ";object=gateway?module-path=" + token.module() + "&pin-value=2468";
            Cli pub = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "--key", uri, "-t", "t", "-m", "from the token");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            Cli withCert = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "--cert", pki.clientCertFile().toString(), "--key", uri, "-t", "t", "-m", "x");
            assertThat(withCert.exitCode()).isEqualTo(1);
            assertThat(withCert.err()).contains("the certificate comes from the token").doesNotContain("2468");
        }
    }

    /**
     * mosquitto's way to a key in hardware, {@code --tls-engine pkcs11 --keyform engine --key pkcs11:...} with no
     * module path (OpenSSL's pkcs11 engine then uses p11-kit's proxy, which finds softhsm2 by its registration): the
     * same command works with iotls. Run in a JVM of its own, so the proxy's first look at the tokens sees this one.
     */
    @Test
    void pubTakesMosquittosEngineOptionsForAKeyInAPkcs11Token() throws Exception {
        io.iotls.testkit.Peers.requireFile(io.iotls.transport.CertificateSource.systemModuleProxy(), "p11-kit's proxy module (p11-kit-proxy.so)",
                "p11-kit-modules");
        try (var token = io.iotls.testkit.SoftHsmToken.create("engine", "1357");
             var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).requireCertificate().start()) {
            var key = token.generateEcKey("plc7", "0b");
            token.storeCertificate(pki.root().clientCertificateFor("plc7", key), "plc7", "0b");
            String uri = "pkcs11:token=" + token.label() + ";object=plc7?pin-value=1357";
            List<String> command = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IotlsCommand.class.getName(),
                    "pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "--tls-engine", "pkcs11", "--keyform", "engine", "--key", uri, "-t", "engine/t", "-m", "signed in the token", "-d"));
            Process pub = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(pub.waitFor(60, TimeUnit.SECONDS)).as("pub ended within 60 s").isTrue();
            String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pub.exitValue()).as(output).isZero();
            assertThat(output).as("the broker took the message: it asked for a certificate, the token signed")
                    .contains("sending PUBLISH").doesNotContain("1357");
        }
    }

    @Test
    void engineOptionsIotlsCannotHonourAreRefusedWithTheWayToDoIt() {
        String[] base = {"pub", "-h", "localhost", "-p", "1", "--cafile", pki.caFile().toString(), "-t", "t", "-m", "x"};
        Cli otherEngine = Cli.run(concat(base, "--tls-engine", "tpm2tss", "--keyform", "engine", "--key", "0x81000001"));
        assertThat(otherEngine.exitCode()).isEqualTo(1);
        assertThat(otherEngine.err()).contains("--tls-engine tpm2tss", "no OpenSSL engines", "--tls-engine pkcs11");
        Cli fileAsEngineKey = Cli.run(concat(base, "--tls-engine", "pkcs11", "--keyform", "engine", "--key", pki.clientKeyFile().toString()));
        assertThat(fileAsEngineKey.exitCode()).isEqualTo(1);
        assertThat(fileAsEngineKey.err()).contains("--keyform engine", "PKCS#11 URI");
        Cli noEngine = Cli.run(concat(base, "--keyform", "engine", "--key", "pkcs11:token=t;object=o?pin-value=1"));
        assertThat(noEngine.err()).contains("--keyform engine needs --tls-engine pkcs11");
        Cli kpass = Cli.run(concat(base, "--tls-engine", "pkcs11", "--tls-engine-kpass-sha1", "0123abcd"));
        assertThat(kpass.exitCode()).isEqualTo(1);
        assertThat(kpass.err()).contains("--tls-engine-kpass-sha1 is not supported", "pin-value");
        Cli badForm = Cli.run(concat(base, "--keyform", "der", "--cert", pki.clientCertFile().toString(), "--key", pki.clientKeyFile().toString()));
        assertThat(badForm.err()).contains("--keyform der: the form is pem or engine");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void pubRepeatsAMessageAsMosquittoPub() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            Process sub = new ProcessBuilder(Peers.require("mosquitto_sub").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(broker.port()), "-t", "repeat/#", "-C", "3", "-W", "15").redirectErrorStream(true).start();
            awaitSubscribed(broker, 1);
            Cli pub = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-t", "repeat/x", "-m", "again",
                    "-q", "1", "--repeat", "3", "--repeat-delay", "0.05");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(sub.waitFor(20, TimeUnit.SECONDS)).as("mosquitto_sub got 3 messages within 20 s").isTrue();
            assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList())
                    .containsExactly("again", "again", "again");
            assertThat(Cli.run("pub", "-t", "t", "-m", "x", "--repeat", "0").exitCode()).isEqualTo(1);
        }
    }

    @Test
    void subReconnectsWhenTheBrokerDropsItAndPrintsWhyWithDebug() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             var link = io.iotls.testkit.TcpProxy.to(new java.net.InetSocketAddress("127.0.0.1", broker.port()))) {
            CompletableFuture<Cli> sub = CompletableFuture.supplyAsync(() -> Cli.run("sub", "-h", "127.0.0.1",
                    "-p", String.valueOf(link.port()), "-t", "dropped/#", "-C", "1", "-W", "20", "-v", "-d"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!broker.log().contains("Received SUBSCRIBE")) { // iotls sub is connected and subscribed, through the proxy
                assertThat(System.nanoTime()).as("iotls sub subscribed within 15 s").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            link.cutAll(); // the broker's side of the link drops it
            // retained, and published after the cut: only a later connection of the subscriber can receive it
            Process pub = new ProcessBuilder(Peers.require("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(broker.port()), "-t", "dropped/value", "-m", "after the cut", "-r").redirectErrorStream(true).start();
            assertThat(pub.waitFor(10, TimeUnit.SECONDS)).as("mosquitto_pub ended within 10 s").isTrue();
            Cli result = sub.get(30, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.err()).isZero();
            // -d: the packet lines share standard output with the messages, as mosquitto_sub's; the events go to stderr
            assertThat(result.out().lines().filter(l -> !l.startsWith("Client ")).toList()).containsExactly("dropped/value after the cut");
            assertThat(result.out().lines().filter(l -> l.endsWith("sending CONNECT")).count()).as("two connections").isEqualTo(2);
            assertThat(result.err()).contains("Disconnected: ").contains("will reconnect").contains("Reconnecting in ")
                    .contains("Connected (");
        }
    }

    @Test
    void pubLinesReconnectsWhenTheBrokerDropsItAndSendsTheNextLine() throws Exception {
        try (var broker = MosquittoBroker.builder().start();
             var link = io.iotls.testkit.TcpProxy.to(new java.net.InetSocketAddress("127.0.0.1", broker.port()));
             var sub = io.iotls.mqtt.MqttClient.create(io.iotls.mqtt.MqttClientOptions.builder("mqtt://127.0.0.1:" + broker.port()).build())) {
            java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
            sub.connect();
            sub.subscribe("lines", io.iotls.mqtt.Qos.AT_LEAST_ONCE, m -> got.add(m.payloadAsString()));
            var stdin = new java.io.PipedOutputStream();
            var in = new java.io.PipedInputStream(stdin);
            java.io.InputStream original = System.in;
            System.setIn(in);
            try {
                CompletableFuture<Cli> pub = CompletableFuture.supplyAsync(() -> Cli.run("pub", "-h", "127.0.0.1",
                        "-p", String.valueOf(link.port()), "-t", "lines", "-l", "-q", "1", "-d"));
                stdin.write("before the cut\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                assertThat(got.poll(15, TimeUnit.SECONDS)).as("first line within 15 s").isEqualTo("before the cut");
                link.cutAll(); // the link drops between two lines
                stdin.write("after the cut\n".getBytes(StandardCharsets.UTF_8));
                stdin.close();
                // QoS 1 is at least once: if the cut took the first line's PUBACK, the first line comes again (DUP) first
                String next = got.poll(30, TimeUnit.SECONDS);
                if ("before the cut".equals(next)) next = got.poll(30, TimeUnit.SECONDS);
                assertThat(next).as("second line within 30 s (after at most one repeat of the first)").isEqualTo("after the cut");
                Cli result = pub.get(45, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(result.err()).isZero();
                assertThat(result.err()).contains("Disconnected: ").contains("Reconnecting in ");
            } finally {
                System.setIn(original);
            }
        }
    }

    @Test
    void subTimesOutWithMosquittosCode() throws Exception {
        try (var broker = MosquittoBroker.builder().start()) {
            Cli r = Cli.run("sub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-t", "nothing/here", "-C", "1", "-W", "1");
            assertThat(r.exitCode()).isEqualTo(27);
        }
    }

    @Test
    void refusedConnectionExitsWithTheConnackCode() throws Exception {
        try (var broker = MosquittoBroker.builder().line("allow_anonymous false").start()) {
            Cli r = Cli.run("pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-t", "x", "-m", "y");
            assertThat(r.exitCode()).isEqualTo(5);
            assertThat(r.err()).contains("not authorized");
        }
    }

    @Test
    void tlsFailureShowsTheStepAndTraceAndExitsAsMosquittoPub() throws Exception {
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).requireCertificate().start()) {
            Cli r = Cli.run("pub", "-h", "localhost", "-p", String.valueOf(broker.port()), "--cafile", pki.caFile().toString(),
                    "-t", "x", "-m", "y");
            assertThat(r.exitCode()).as("mosquitto_pub: 7, the broker ended the connection").isEqualTo(7);
            assertThat(r.err()).contains("ClientHello").contains("TLS handshake failed at Certificate (client)");
        }
    }
}
