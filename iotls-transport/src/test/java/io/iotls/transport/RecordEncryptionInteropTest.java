package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslClient;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Application data records, sealed and opened, against OpenSSL: every AES-GCM and ChaCha20-Poly1305 suite in both TLS
 * versions, records of every size up to full ones, a TLS 1.3 KeyUpdate in the middle of a connection, and records
 * altered in transit.
 */
class RecordEncryptionInteropTest {
    private final TestPki pki = SharedPki.get();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TLS_AES_128_GCM_SHA256, -ciphersuites, TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384, -ciphersuites, TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, -cipher, ECDHE-RSA-AES128-GCM-SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, -cipher, ECDHE-RSA-AES256-GCM-SHA384",
            "TLS_CHACHA20_POLY1305_SHA256, -ciphersuites, TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, -cipher, ECDHE-RSA-CHACHA20-POLY1305"})
    void recordsOfEverySizeRoundTripThroughOpenssl(String suite, String flag, String opensslName) throws Exception {
        var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).arg(flag, opensslName);
        if (flag.equals("-cipher")) server.tls12Only();
        try (var s = server.start();
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).cipherSuites(suite).build())
                     .connect("localhost", s.port())) {
            assertThat(c.cipherSuite().name()).isEqualTo(suite);
            var reader = new BufferedReader(new InputStreamReader(c.input(), StandardCharsets.US_ASCII));
            Random random = new Random(42);
            for (int length : new int[] {1, 15, 16, 17, 255, 4_000, 16_000}) { // one record each, around AES blocks
                String line = letters(random, length);
                c.output().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(reader.readLine()).isEqualTo(new StringBuilder(line).reverse().toString());
            }
            StringBuilder many = new StringBuilder(); // one write of 100 KB: full 16 KiB records, then the rest
            String[] lines = new String[25];
            for (int i = 0; i < lines.length; i++) many.append(lines[i] = letters(random, 3_999)).append('\n');
            c.output().write(many.toString().getBytes(StandardCharsets.US_ASCII));
            for (String line : lines) assertThat(reader.readLine()).isEqualTo(new StringBuilder(line).reverse().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TLS 1.3 AES-128-GCM, -tls1_3, -ciphersuites, TLS_AES_128_GCM_SHA256",
            "TLS 1.3 AES-256-GCM, -tls1_3, -ciphersuites, TLS_AES_256_GCM_SHA384",
            "TLS 1.2 AES-128-GCM, -tls1_2, -cipher, ECDHE-RSA-AES128-GCM-SHA256",
            "TLS 1.2 AES-256-GCM, -tls1_2, -cipher, ECDHE-RSA-AES256-GCM-SHA384",
            "TLS 1.3 ChaCha20-Poly1305, -tls1_3, -ciphersuites, TLS_CHACHA20_POLY1305_SHA256",
            "TLS 1.2 ChaCha20-Poly1305, -tls1_2, -cipher, ECDHE-RSA-CHACHA20-POLY1305"})
    void recordsOurServerSealsAreOpenedByOpenssl(String name, String version, String flag, String suite) throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build();
        Echo echo = Echo.start(options);
        String line = letters(new Random(7), 3_000);
        try (var client = OpensslClient.connect(echo.port(), pki.caFile(), version, flag, suite, "-servername", "localhost")) {
            client.send(line);
            client.awaitOutput(line + "\n", Duration.ofSeconds(5));
            assertThat(client.output()).doesNotContainIgnoringCase("error");
        } finally {
            echo.endpoint.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    void aKeyUpdateRequestedByOpensslIsAnsweredAndDataFlowsOnWithTheNewKeys(String suite) throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build();
        Echo echo = Echo.start(options);
        try (var client = OpensslClient.connect(echo.port(), pki.caFile(), "-tls1_3", "-ciphersuites", suite, "-servername", "localhost")) {
            client.send("before the update");
            client.awaitOutput("before the update\n", Duration.ofSeconds(5));
            client.send("K"); // s_client: send KeyUpdate(update_requested); our side must answer with its own
            client.awaitOutput("KEYUPDATE", Duration.ofSeconds(5)); // s_client drops the rest of a read holding a command
            client.send("after the update");
            client.awaitOutput("after the update\n", Duration.ofSeconds(5));
            client.send("and once more");
            client.awaitOutput("and once more\n", Duration.ofSeconds(5));
            assertThat(client.output()).doesNotContainIgnoringCase("error");
            TraceEntry update = echo.awaitAfterHandshake(HandshakeStep.CLIENT_KEY_UPDATE).stream()
                    .filter(e -> e.step() == HandshakeStep.CLIENT_KEY_UPDATE).findFirst().orElseThrow();
            assertThat(update.details()).containsExactly("the client changes its traffic keys", "update_requested: it asks for ours",
                    "answered at once with our KeyUpdate");
        } finally {
            echo.endpoint.close();
        }
        assertThat(echo.failures).isEmpty();
    }

    @Test
    void aRecordAlteredInTransitEndsTheConnectionWithBadRecordMac() throws Exception {
        TlsAlertException failure = failureAfterOneBitFlipped(TcpProxy::corruptNextToClient);
        assertThat(failure.alert()).isEqualTo(TlsAlert.BAD_RECORD_MAC);
        assertThat(failure.fromPeer()).isFalse();
        assertThat(failure.getMessage()).contains("failed its integrity check", "bad_record_mac(20)", "Hint:");
    }

    @Test
    void aRecordOfOursAlteredInTransitIsReportedAsThePeersAlert() throws Exception {
        TlsAlertException failure = failureAfterOneBitFlipped(TcpProxy::corruptNextToServer);
        assertThat(failure.alert()).isEqualTo(TlsAlert.BAD_RECORD_MAC);
        assertThat(failure.fromPeer()).isTrue();
        assertThat(failure.getMessage()).contains("the peer found a record from us altered");
    }

    /** One line echoed intact, then {@code tamper} arms the proxy and the second line's exchange must fail. */
    private TlsAlertException failureAfterOneBitFlipped(java.util.function.Consumer<TcpProxy> tamper) throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = TcpProxy.to(server.address());
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", proxy.port())) {
            c.readTimeout(Duration.ofSeconds(5)); // a flip that hit a length would leave a read waiting: fail, not hang
            var reader = new BufferedReader(new InputStreamReader(c.input(), StandardCharsets.US_ASCII));
            c.output().write("first\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).isEqualTo("tsrif");
            tamper.accept(proxy);
            c.output().write("second\n".getBytes(StandardCharsets.US_ASCII));
            TlsAlertException failure = catchThrowableOfType(TlsAlertException.class, reader::readLine);
            assertThat(failure).as("the altered record must end the connection with an alert").isNotNull();
            return failure;
        }
    }

    private static String letters(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = (char) ('a' + random.nextInt(26));
        return new String(chars);
    }

    @Test
    void aClientsRequestToRenegotiateIsRefusedAndShownWithTheAnswer() throws Exception {
        TlsServerOptions options = TlsServerOptions.builder().certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build();
        Echo echo = Echo.start(options);
        try (var client = OpensslClient.connect(echo.port(), pki.caFile(), "-tls1_2", "-servername", "localhost")) {
            client.send("before");
            client.awaitOutput("before\n", Duration.ofSeconds(5));
            client.send("R"); // s_client: renegotiate, a new ClientHello inside the connection
            List<TraceEntry> log = echo.awaitAfterHandshake(HandshakeStep.CLIENT_HELLO);
            assertThat(log).filteredOn(e -> e.step() == HandshakeStep.CLIENT_HELLO).singleElement().satisfies(e ->
                    assertThat(e.details()).containsExactly("the client asks to renegotiate",
                            "answered with a no_renegotiation warning alert: iotls never renegotiates"));
            assertThat(echo.connections.get(0).trace().steps()).containsOnlyOnce(HandshakeStep.CLIENT_HELLO);
        } finally {
            echo.endpoint.close();
        }
    }
}
