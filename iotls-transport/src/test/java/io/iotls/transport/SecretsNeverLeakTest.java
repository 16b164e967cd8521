package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PSK keys, key passwords and private keys never reach a trace, a log line, an exception message or toString().
 * Logs are captured at debug level (slf4j-simple writes to stderr) while good and failing handshakes run.
 */
class SecretsNeverLeakTest {
    private static final String PSK_HEX = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";
    private static final String KEY_PASSWORD = "Hunter2-key-password";
    private static final String PROXY_PASSWORD = "Proxy-Secret-77";
    private final TestPki pki = SharedPki.get();

    @Test
    void noSecretInTracesLogsExceptionsOrToString() throws Exception {
        Path key = PemFiles.writeKey(TempFiles.file("enc", ".key"), pki.client().key(),
                PemFiles.KeyFormat.PKCS8_ENCRYPTED, KEY_PASSWORD.toCharArray());
        String privateKeyBase64 = Base64.getEncoder().encodeToString(pki.client().key().getEncoded()).substring(40, 80);
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(captured, true));
        System.setOut(new PrintStream(captured, true));
        try {
            TlsOptions pskOptions = TlsOptions.builder().psk("device", PskKey.ofHex(PSK_HEX)).build();
            TlsOptions certOptions = TlsOptions.builder().caFile(pki.caFile())
                    .clientCertificate(pki.clientCertFile(), key, Password.of(KEY_PASSWORD)).build();
            seen.add(pskOptions.toString());
            seen.add(certOptions.toString());
            seen.add(PskKey.ofHex(PSK_HEX).toString());
            seen.add(Password.of(KEY_PASSWORD).toString());
            seen.add(new PreSharedKey("device", PskKey.ofHex(PSK_HEX)).toString());
            // a good PSK handshake and a failing one
            try (var server = OpensslServer.builder().psk("device", PSK_HEX, "hint").start()) {
                try (var c = TlsTransport.create(pskOptions).connect("localhost", server.port())) {
                    seen.add(c.trace().toTable());
                    seen.add(c.trace().toString());
                }
                HandshakeException wrong = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(
                        TlsOptions.builder().psk("device", PskKey.ofHex("00" + PSK_HEX.substring(2))).build())
                        .connect("localhost", server.port()).awaitLateAlert(java.time.Duration.ofSeconds(1)));
                seen.add(String.valueOf(wrong));
                wrong.trace().ifPresent(t -> seen.add(t.toTable()));
            }
            // mutual TLS with an encrypted key, then a wrong password and a bad PSK text
            try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                    .requireClientCertificate(pki.caFile()).start();
                 var c = TlsTransport.create(certOptions).connect("localhost", server.port())) {
                seen.add(c.trace().toTable());
            }
            seen.add(String.valueOf(catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(
                    certOptions.toBuilder().clientCertificate(pki.clientCertFile(), key, Password.of(KEY_PASSWORD + "x")).build()))));
            seen.add(String.valueOf(catchThrowableOfType(IllegalArgumentException.class, () -> PskKey.ofHex(PSK_HEX + "zz"))));
            // a proxy password: in options, the proxy's refusal, a bad URL
            TunnelProxy proxy = TunnelProxy.parse("http://plant:" + PROXY_PASSWORD + "@127.0.0.1:1");
            seen.add(proxy.toString());
            seen.add(TlsOptions.builder().caFile(pki.caFile()).proxy(proxy).build().toString());
            seen.add(String.valueOf(catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                    .caFile(pki.caFile()).proxy(proxy).build()).connect("localhost", 8883))));
            seen.add(String.valueOf(catchThrowableOfType(IllegalArgumentException.class,
                    () -> TunnelProxy.parse("gopher://plant:" + PROXY_PASSWORD + "@gw"))));
            // a PKCS#11 PIN and PEM text in memory, in toString
            seen.add(CertificateSource.pkcs11Uri("pkcs11:object=k?module-path=/nonexistent.so&pin-value=" + PROXY_PASSWORD, null).toString());
            seen.add(CertificateSource.pemText(java.nio.file.Files.readString(pki.clientCertFile()),
                    java.nio.file.Files.readString(pki.clientKeyFile()), null).toString());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        seen.add(captured.toString());
        String everything = String.join("\n", seen);
        assertThat(captured.toString()).as("debug logging was captured").contains("DEBUG").contains("failed");
        assertThat(everything).doesNotContainIgnoringCase(PSK_HEX).doesNotContainIgnoringCase(PSK_HEX.substring(2))
                .doesNotContain(KEY_PASSWORD).doesNotContain(PROXY_PASSWORD).doesNotContain(privateKeyBase64)
                .doesNotContain(HexFormat.of().formatHex(pki.client().key().getEncoded()).substring(60, 100));
    }
}
