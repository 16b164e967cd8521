package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.Issued;
import io.iotls.testkit.KeyType;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.PemFiles.KeyFormat;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Client keys in every format the issue names, checked before any connection; used for real against s_server -Verify. */
class KeyMaterialTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private final TestPki pki = SharedPki.get();

    private HandshakeException setupFailure(TlsOptions options) {
        return catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(options));
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void everyPemKeyFormatAuthenticatesAgainstOpenssl(KeyFormat format) throws Exception {
        for (KeyType type : new KeyType[] {KeyType.RSA_2048, KeyType.EC_P256}) {
            Issued client = pki.intermediate().client("device-" + format + "-" + type).keyType(type).issue();
            Path dir = TempFiles.directory("keys");
            Path cert = PemFiles.writeCertificates(dir.resolve("c.crt"), client.chain());
            boolean encrypted = format == KeyFormat.PKCS8_ENCRYPTED || format == KeyFormat.TRADITIONAL_ENCRYPTED;
            Path key = PemFiles.writeKey(dir.resolve("c.key"), client.key(), format, encrypted ? PASSWORD.toCharArray() : null);
            TlsOptions options = TlsOptions.builder().caFile(pki.caFile())
                    .clientCertificate(cert, key, encrypted ? Password.of(PASSWORD) : null).build();
            try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                    .requireClientCertificate(pki.caFile()).start();
                 var c = TlsTransport.create(options).connect("localhost", server.port())) {
                c.awaitLateAlert(Duration.ofMillis(300));
                assertThat(c.trace().toTable()).contains("device-" + format);
            }
        }
    }

    @Test
    void encryptedKeyWithWrongPasswordFailsBeforeConnecting() throws Exception {
        for (KeyFormat format : new KeyFormat[] {KeyFormat.PKCS8_ENCRYPTED, KeyFormat.TRADITIONAL_ENCRYPTED}) {
            Path key = PemFiles.writeKey(TempFiles.file("enc", ".key"), pki.client().key(), format, PASSWORD.toCharArray());
            HandshakeException e = setupFailure(TlsOptions.builder().caFile(pki.caFile())
                    .clientCertificate(pki.clientCertFile(), key, Password.of("wrong-password")).build());
            assertThat(e.step()).isEqualTo(HandshakeStep.SETUP);
            assertThat(e.reason()).isEqualTo(FailureReason.BAD_KEY_PASSWORD);
            assertThat(e.getMessage()).contains(key.toString()).doesNotContain("wrong-password").doesNotContain(PASSWORD);
        }
    }

    @Test
    void encryptedKeyWithoutPasswordSaysSo() throws Exception {
        Path key = PemFiles.writeKey(TempFiles.file("enc", ".key"), pki.client().key(), KeyFormat.PKCS8_ENCRYPTED,
                PASSWORD.toCharArray());
        HandshakeException e = setupFailure(TlsOptions.builder().caFile(pki.caFile()).clientCertificate(pki.clientCertFile(), key, null).build());
        assertThat(e.reason()).isEqualTo(FailureReason.BAD_KEY_PASSWORD);
        assertThat(e.getMessage()).contains("is encrypted and no password was given");
    }

    @Test
    void keyNotMatchingItsCertificateIsRefusedBeforeAnyConnection() {
        HandshakeException e = setupFailure(TlsOptions.builder().caFile(pki.caFile())
                .clientCertificate(pki.clientCertFile(), pki.selfSignedClientKeyFile(), null).build());
        assertThat(e.step()).isEqualTo(HandshakeStep.SETUP);
        assertThat(e.reason()).isEqualTo(FailureReason.KEY_CERTIFICATE_MISMATCH);
        assertThat(e.getMessage()).contains("does not belong to certificate CN=iotls-client");
        assertThat(e.trace()).isEmpty();
    }

    @Test
    void pkcs12ClientIdentityAndWrongPassword() throws Exception {
        Path p12 = TempFiles.file("client", ".p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", pki.client().key(), PASSWORD.toCharArray(),
                pki.client().chain().toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, PASSWORD.toCharArray());
        }
        TlsOptions ok = TlsOptions.builder().caFile(pki.caFile())
                .clientCertificate(CertificateSource.pkcs12(p12, Password.of(PASSWORD))).build();
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                .requireClientCertificate(pki.caFile()).start();
             var c = TlsTransport.create(ok).connect("localhost", server.port())) {
            c.awaitLateAlert(Duration.ofMillis(300));
        }
        HandshakeException e = setupFailure(TlsOptions.builder().caFile(pki.caFile())
                .clientCertificate(CertificateSource.pkcs12(p12, Password.of("nope"))).build());
        assertThat(e.reason()).isEqualTo(FailureReason.BAD_KEY_PASSWORD);
    }

    @Test
    void missingFileIsNamed() {
        HandshakeException e = setupFailure(TlsOptions.builder().caFile(Path.of("/nonexistent/ca.crt")).build());
        assertThat(e.step()).isEqualTo(HandshakeStep.SETUP);
        assertThat(e.reason()).isEqualTo(FailureReason.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).contains("/nonexistent/ca.crt does not exist");
    }

    @Test
    void damagedPemFilesAreNamedAndExplainedInWords() throws Exception {
        Path ca = Files.writeString(TempFiles.file("damaged", ".crt"),
                "-----BEGIN CERTIFICATE-----\nMIIBzzCCAXWgAwIBAgIU###damaged\n-----END CERTIFICATE-----\n");
        HandshakeException e = setupFailure(TlsOptions.builder().caFile(ca).build());
        assertThat(e.step()).isEqualTo(HandshakeStep.SETUP);
        assertThat(e.getMessage()).startsWith("TLS set-up failed before connecting: ") // no handshake began
                .contains(ca.toString()).contains("is not valid PEM").contains("not base64")
                .doesNotContain("DecoderException");
        Path key = Files.writeString(TempFiles.file("damaged", ".key"), "-----BEGIN PRIVATE KEY-----\nAA#A\n-----END PRIVATE KEY-----\n");
        HandshakeException k = setupFailure(TlsOptions.builder().caFile(pki.caFile()).clientCertificate(pki.clientCertFile(), key, null).build());
        assertThat(k.getMessage()).contains(key.toString()).contains("not base64");
    }

    @Test
    void trustStoreInPkcs12() throws Exception {
        Path p12 = TempFiles.file("trust", ".p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", pki.root().certificate());
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "changeit".toCharArray());
        }
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var c = TlsTransport.create(TlsOptions.builder().trustStore(p12, Password.of("changeit")).build())
                     .connect("localhost", server.port())) {
            assertThat(c.trace().verdict()).startsWith("CONNECTED");
        }
    }
}
