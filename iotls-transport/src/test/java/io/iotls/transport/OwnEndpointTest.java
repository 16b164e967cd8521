package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.CertificateAuthority;
import io.iotls.testkit.Issued;
import io.iotls.testkit.KeyType;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every authentication mode of the seed, client and server both iotls (BC on both sides). */
class OwnEndpointTest {
    private final TestPki pki = SharedPki.get();
    private Echo echo;

    @AfterEach
    void stop() {
        if (echo != null) echo.endpoint.close();
    }

    private TlsServerOptions.Builder server() {
        return TlsServerOptions.builder().certificate(pki.serverCertFile(), pki.serverKeyFile(), null);
    }

    private TlsOptions.Builder client() {
        return TlsOptions.builder().caFile(pki.caFile());
    }

    private TlsConnection connect(TlsServerOptions serverOptions, TlsOptions clientOptions) throws Exception {
        echo = Echo.start(serverOptions);
        return TlsTransport.create(clientOptions).connect("localhost", echo.port());
    }

    private HandshakeException failure(TlsServerOptions serverOptions, TlsOptions clientOptions) throws Exception {
        echo = Echo.start(serverOptions);
        TlsTransport transport = TlsTransport.create(clientOptions);
        return catchThrowableOfType(HandshakeException.class, () -> {
            try (TlsConnection c = transport.connect("localhost", echo.port())) {
                c.awaitLateAlert(Duration.ofSeconds(2));
            }
        });
    }

    @Test
    void serverAuthenticationOverTls13CarriesData() throws Exception {
        try (TlsConnection c = connect(server().build(), client().build())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_3);
            assertThat(Echo.roundTrip(c, "ping")).isEqualTo("ping");
            assertThat(c.peerCertificates()).hasSize(2);
        }
    }

    @Test
    void aHeadAndABodyArriveAsIfJoined() throws Exception {
        try (TlsConnection c = connect(server().build(), client().build())) {
            byte[] head = "head:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] body = new byte[40_000]; // more than two records
            new java.util.Random(7).nextBytes(body);
            c.write(head, body);
            byte[] back = c.input().readNBytes(head.length + body.length);
            assertThat(java.util.Arrays.copyOf(back, head.length)).isEqualTo(head);
            assertThat(java.util.Arrays.copyOfRange(back, head.length, back.length)).isEqualTo(body);
        }
    }

    @Test
    void closeReturnsWhileAWriteIsBlockedByAPeerThatReadsNothing() throws Exception {
        echo = Echo.start(server().build());
        java.util.concurrent.Executor threads = task -> Thread.ofVirtual().start(task);
        try (var proxy = io.iotls.testkit.TcpProxy.to(new java.net.InetSocketAddress("127.0.0.1", echo.port()))) {
            TlsConnection c = TlsTransport.create(client().build()).connect("localhost", proxy.port());
            assertThat(Echo.roundTrip(c, "ping")).isEqualTo("ping");
            proxy.stall(true); // nothing is read any more: the socket buffers fill and the writer blocks
            var writer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) c.output().write(new byte[64 * 1024]);
                    return null;
                } catch (java.io.IOException e) {
                    return e;
                }
            }, threads);
            Thread.sleep(1000);
            assertThat(writer).as("the writer is blocked by the stalled peer").isNotDone();
            var closing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    c.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, threads);
            closing.get(10, java.util.concurrent.TimeUnit.SECONDS); // no hang: close gives up on the blocked write
            assertThat(writer.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the blocked write fails").isNotNull();
        }
    }

    @Test
    void serverAuthenticationOverTls12() throws Exception {
        try (TlsConnection c = connect(server().build(), client().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_2);
            assertThat(c.cipherSuite().keyExchange()).isEqualTo(CipherSuite.KeyExchange.ECDHE_RSA);
            assertThat(Echo.roundTrip(c, "ping")).isEqualTo("ping");
        }
    }

    @Test
    void staticRsaKeyExchangeOnlyWhenNamed() throws Exception {
        TlsServerOptions rsaServer = server().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2)
                .cipherSuites("TLS_RSA_WITH_AES_128_GCM_SHA256").build();
        try (TlsConnection c = connect(rsaServer, client().cipherSuites("AES128-GCM-SHA256").build())) {
            assertThat(c.cipherSuite()).isEqualTo(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256);
            assertThat(c.trace().steps()).doesNotContain(HandshakeStep.SERVER_KEY_EXCHANGE).contains(HandshakeStep.CLIENT_KEY_EXCHANGE);
            assertThat(c.trace().toTable()).contains("pre-master secret encrypted with the server's RSA key");
        }
        echo.endpoint.close();
        HandshakeException e = failure(rsaServer, client().build());
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
        assertThat(e.reason()).isEqualTo(FailureReason.NO_COMMON_CIPHER_SUITE);
    }

    @Test
    void mutualAuthenticationWithCaSignedClientCertificate() throws Exception {
        TlsServerOptions mtls = server().clientCaFile(pki.caFile(), ClientAuth.REQUIRED).build();
        for (TlsVersion v : TlsVersion.values()) {
            try (TlsConnection c = connect(mtls, client().versions(v, v)
                    .clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build())) {
                assertThat(Echo.roundTrip(c, "mtls")).isEqualTo("mtls");
                assertThat(c.trace().steps()).containsSubsequence(HandshakeStep.CERTIFICATE_REQUEST, HandshakeStep.CLIENT_CERTIFICATE,
                        HandshakeStep.CLIENT_CERTIFICATE_VERIFY, HandshakeStep.CLIENT_FINISHED);
            }
            echo.endpoint.close();
        }
    }

    @Test
    void mutualAuthenticationWithSelfSignedClientCertificateTrustedAsItself() throws Exception {
        TlsServerOptions mtls = server().clientCaFile(pki.selfSignedClientCertFile(), ClientAuth.REQUIRED).build();
        try (TlsConnection c = connect(mtls, client()
                .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build())) {
            assertThat(Echo.roundTrip(c, "self")).isEqualTo("self");
        }
    }

    @Test
    void clientCertificateMissingWhenRequiredIsNamedAsSuch() throws Exception {
        TlsServerOptions mtls = server().clientCaFile(pki.caFile(), ClientAuth.REQUIRED).build();
        for (TlsVersion v : TlsVersion.values()) {
            HandshakeException e = failure(mtls, client().versions(v, v).build());
            assertThat(e.reason()).as("TLS " + v).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REQUIRED);
            assertThat(e.step()).isEqualTo(HandshakeStep.CLIENT_CERTIFICATE);
            echo.endpoint.close();
        }
    }

    @Test
    void untrustedClientCertificateIsRejected() throws Exception {
        TlsServerOptions mtls = server().clientCaFile(pki.caFile(), ClientAuth.REQUIRED).build();
        for (TlsVersion v : TlsVersion.values()) {
            HandshakeException e = failure(mtls, client().versions(v, v)
                    .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build());
            assertThat(e.reason()).as("TLS " + v).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.alert()).contains(TlsAlert.UNKNOWN_CA);
            HandshakeException onServer = echo.awaitFailure();
            assertThat(onServer.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(onServer.getMessage()).contains("not itself among the trusted CA certificates");
            echo.endpoint.close();
        }
    }

    @Test
    void aServerCertificateIsNotAcceptedAsADevicesCertificate() throws Exception {
        Issued serverOnly = pki.intermediate().server("device-7").names("device-7").issue(); // EKU serverAuth only
        Path dir = TempFiles.directory("server-as-client");
        PemFiles.writeCertificates(dir.resolve("c.crt"), serverOnly.chain());
        PemFiles.writeKey(dir.resolve("c.key"), serverOnly.key());
        TlsServerOptions mtls = server().clientCaFile(pki.caFile(), ClientAuth.REQUIRED).build();
        HandshakeException e = failure(mtls, client().clientCertificate(dir.resolve("c.crt"), dir.resolve("c.key"), null).build());
        assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
        assertThat(e.alert()).contains(TlsAlert.UNSUPPORTED_CERTIFICATE);
        assertThat(echo.awaitFailure().getMessage()).contains("device-7").contains("not clientAuth");
    }

    @Test
    void revokedClientCertificateIsRejectedByTheServersCrl() throws Exception {
        Issued revoked = pki.intermediate().client("revoked-device").issue();
        Path dir = TempFiles.directory("revoked-client");
        PemFiles.writeCertificates(dir.resolve("c.crt"), revoked.chain());
        PemFiles.writeKey(dir.resolve("c.key"), revoked.key());
        CertificateAuthority ca = pki.intermediate();
        ca.revoke(revoked.certificate(), Instant.now().minusSeconds(60));
        Path crl = PemFiles.writeCrl(dir.resolve("crl.pem"), ca.crl(Duration.ofDays(1)));
        TlsServerOptions mtls = server().clientCaFile(pki.caFile(), ClientAuth.REQUIRED).crlFile(crl).build();
        HandshakeException e = failure(mtls, client().clientCertificate(dir.resolve("c.crt"), dir.resolve("c.key"), null).build());
        assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
        assertThat(e.alert()).contains(TlsAlert.CERTIFICATE_REVOKED);
        assertThat(e.getMessage()).contains("revoked");
        assertThat(echo.awaitFailure().getMessage()).contains("revoked-device").contains("was revoked on");
    }

    @Test
    void pskOverTls12WithEachKeyExchange() throws Exception {
        PskKey key = PskKey.ofHex(pki.pskHex());
        for (String suite : List.of("PSK-AES128-GCM-SHA256", "DHE-PSK-AES128-GCM-SHA256", "ECDHE-PSK-CHACHA20-POLY1305")) {
            TlsServerOptions pskServer = TlsServerOptions.builder().psk("dev", key).pskHint("iotls-hint").cipherSuites(suite).build();
            try (TlsConnection c = connect(pskServer, TlsOptions.builder().psk("dev", key).cipherSuites(suite)
                    .versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build())) {
                assertThat(c.cipherSuite()).isEqualTo(CipherSuite.byName(suite));
                assertThat(Echo.roundTrip(c, suite)).isEqualTo(suite);
                assertThat(c.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE);
                assertThat(c.trace().toTable()).contains("PSK identity hint: 'iotls-hint'");
            }
            echo.endpoint.close();
        }
    }

    @Test
    void aPskKeyUnder16BytesIsRefusedUnlessAllowedAndThenEveryConnectionWarns() throws Exception {
        PskKey shortKey = PskKey.ofHex("0badc0de0badc0de"); // 8 bytes
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TlsOptions.builder().psk("dev", shortKey).build()))
                .hasMessageContaining("has 8 bytes; at least 16").hasMessageContaining("allowShortPreSharedKey");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> TlsServerOptions.builder().psk("dev", shortKey).build()))
                .hasMessageContaining("at least 16");
        TlsServerOptions pskServer = TlsServerOptions.builder().psk("dev", shortKey).allowShortPreSharedKeys().build();
        try (TlsConnection c = connect(pskServer, TlsOptions.builder().psk("dev", shortKey).insecure().allowShortPreSharedKey().build())) {
            assertThat(Echo.roundTrip(c, "short")).isEqualTo("short");
            assertThat(c.trace().warnings()).anyMatch(w -> w.contains("only 8 bytes"));
        }
    }

    @Test
    void pskOverTls13() throws Exception {
        PskKey key = PskKey.ofHex(pki.pskHex());
        TlsServerOptions pskServer = TlsServerOptions.builder().psk("dev", key).build();
        try (TlsConnection c = connect(pskServer, TlsOptions.builder().psk("dev", key).build())) {
            assertThat(c.version()).isEqualTo(TlsVersion.TLS_1_3);
            assertThat(c.trace().toTable()).contains("server accepted PSK identity 'dev'");
            assertThat(c.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE);
            assertThat(Echo.roundTrip(c, "psk13")).isEqualTo("psk13");
        }
    }

    @Test
    void wrongPskKeyIsRejected() throws Exception {
        TlsServerOptions pskServer = TlsServerOptions.builder().psk("dev", PskKey.ofHex("00112233445566778899aabbccddeeff")).build();
        for (TlsVersion v : TlsVersion.values()) {
            HandshakeException e = failure(pskServer, TlsOptions.builder().versions(v, v)
                    .psk("dev", PskKey.ofHex("ffeeddccbbaa99887766554433221100")).build());
            assertThat(e.reason()).as("TLS " + v).isEqualTo(FailureReason.PSK_REJECTED);
            echo.endpoint.close();
        }
    }

    @Test
    void unknownPskIdentityIsNamed() throws Exception {
        PskKey key = PskKey.ofHex(pki.pskHex());
        TlsServerOptions pskServer = TlsServerOptions.builder().psk("dev", key).build();
        HandshakeException e = failure(pskServer, TlsOptions.builder().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2)
                .psk("stranger", key).build());
        assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_PSK_IDENTITY);
        assertThat(e.alert()).contains(TlsAlert.UNKNOWN_PSK_IDENTITY);
        assertThat(e.getMessage()).contains("stranger");
    }

    @Test
    void tls12SessionIsResumedOnReconnect() throws Exception {
        echo = Echo.start(server().build());
        TlsTransport transport = TlsTransport.create(client().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build());
        try (TlsConnection first = transport.connect("localhost", echo.port())) {
            assertThat(first.resumed()).isFalse();
            Echo.roundTrip(first, "1");
        }
        try (TlsConnection second = transport.connect("localhost", echo.port())) {
            assertThat(second.resumed()).isTrue();
            assertThat(second.trace().toTable()).contains("resumed session");
            assertThat(second.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.CLIENT_KEY_EXCHANGE);
            assertThat(Echo.roundTrip(second, "2")).isEqualTo("2");
        }
    }

    @Test
    void versionMismatchIsNamed() throws Exception {
        HandshakeException e = failure(server().versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_3).build(),
                client().versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build());
        assertThat(e.reason()).isEqualTo(FailureReason.PROTOCOL_VERSION);
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
    }

    @Test
    void serverHandlesManyConcurrentConnections() throws Exception {
        echo = Echo.start(server().build());
        TlsTransport transport = TlsTransport.create(client().build());
        var threads = new java.util.ArrayList<Thread>();
        var ok = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 40; i++) {
            String msg = "msg-" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                try (TlsConnection c = transport.connect("localhost", echo.port())) {
                    if (Echo.roundTrip(c, msg).equals(msg)) ok.incrementAndGet();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(ok.get()).isEqualTo(40);
        assertThat(echo.endpoint.handshakesCompleted()).isEqualTo(40);
    }

    @Test
    void serverBoundsTheHandshakeOfASilentClient() throws Exception {
        echo = Echo.start(server().handshakeTimeout(Duration.ofMillis(300)).build());
        try (var raw = new java.net.Socket("127.0.0.1", echo.port())) {
            raw.setSoTimeout(5000);
            assertThat(raw.getInputStream().read()).isEqualTo(-1); // closed by the server, not left hanging
        }
        assertThat(echo.awaitFailure().reason()).isEqualTo(FailureReason.TIMEOUT);
    }

    @Test
    void ecdsaAndEd25519ServerKeys() throws Exception {
        for (KeyType type : List.of(KeyType.EC_P256, KeyType.EC_P384, KeyType.ED25519)) {
            Issued ec = pki.intermediate().server("localhost").keyType(type).names("localhost").issue();
            Path dir = TempFiles.directory("ec");
            PemFiles.writeCertificates(dir.resolve("s.crt"), ec.chain());
            PemFiles.writeKey(dir.resolve("s.key"), ec.key());
            TlsServerOptions ecServer = TlsServerOptions.builder().certificate(dir.resolve("s.crt"), dir.resolve("s.key"), null).build();
            for (TlsVersion v : TlsVersion.values()) {
                try (TlsConnection c = connect(ecServer, client().versions(v, v).build())) {
                    assertThat(Echo.roundTrip(c, type.name())).isEqualTo(type.name());
                    if (v == TlsVersion.TLS_1_2) assertThat(c.cipherSuite().keyExchange()).isEqualTo(CipherSuite.KeyExchange.ECDHE_ECDSA);
                }
                echo.endpoint.close();
            }
        }
    }
}
