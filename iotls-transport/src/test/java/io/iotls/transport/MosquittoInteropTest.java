package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.Issued;
import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Debian mosquitto broker in each TLS mode. After the handshake an MQTT 3.1.1 CONNECT (bytes written out here)
 * must be answered by CONNACK: proof that the broker accepted the connection, not just the handshake.
 */
class MosquittoInteropTest {
    /** CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "iotls-test". */
    private static final byte[] CONNECT = {0x10, 22, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60,
            0, 10, 'i', 'o', 't', 'l', 's', '-', 't', 'e', 's', 't'};
    /** CONNACK, session not present, return code 0 (accepted). */
    private static final byte[] CONNACK_ACCEPTED = {0x20, 2, 0, 0};

    private final TestPki pki = SharedPki.get();

    private MosquittoBroker.Builder certificateBroker(TlsVersion v) {
        return MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile())
                .tlsVersion(v == TlsVersion.TLS_1_3 ? "tlsv1.3" : "tlsv1.2");
    }

    private static TlsOptions.Builder only(TlsOptions.Builder b, TlsVersion v) {
        return b.versions(v, v);
    }

    private static void assertMqttAccepted(TlsConnection c) throws IOException {
        c.output().write(CONNECT);
        assertThat(c.input().readNBytes(4)).containsExactly(CONNACK_ACCEPTED);
    }

    private static HandshakeException rejected(TlsOptions options, MosquittoBroker broker) throws Exception {
        TlsTransport transport = TlsTransport.create(options);
        return catchThrowableOfType(HandshakeException.class, () -> {
            try (TlsConnection c = transport.connect("localhost", broker.port())) {
                c.awaitLateAlert(Duration.ofSeconds(1)); // a TLS 1.3 broker rejects the client certificate only now
                c.output().write(CONNECT);
                c.input().readNBytes(4);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverAuthentication(TlsVersion v) throws Exception {
        try (var broker = certificateBroker(v).start();
             var c = TlsTransport.create(only(TlsOptions.builder().caFile(pki.caFile()), v).build()).connect("localhost", broker.port())) {
            assertThat(c.version()).isEqualTo(v);
            assertMqttAccepted(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void mutualTlsWithCaSignedClientCertificate(TlsVersion v) throws Exception {
        try (var broker = certificateBroker(v).requireCertificate().start();
             var c = TlsTransport.create(only(TlsOptions.builder().caFile(pki.caFile())
                     .clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null), v).build()).connect("localhost", broker.port())) {
            assertThat(c.trace().steps()).contains(HandshakeStep.CERTIFICATE_REQUEST, HandshakeStep.CLIENT_CERTIFICATE_VERIFY);
            assertMqttAccepted(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void mutualTlsWithSelfSignedClientCertificate(TlsVersion v) throws Exception {
        Path cas = TempFiles.file("cas", ".pem");
        Files.writeString(cas, Files.readString(pki.caFile()) + Files.readString(pki.selfSignedClientCertFile()));
        try (var broker = MosquittoBroker.builder().tls(cas, pki.serverCertFile(), pki.serverKeyFile()).requireCertificate().start();
             var c = TlsTransport.create(only(TlsOptions.builder().caFile(pki.caFile())
                     .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null), v).build())
                     .connect("localhost", broker.port())) {
            assertMqttAccepted(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void missingClientCertificateIsRequired(TlsVersion v) throws Exception {
        try (var broker = certificateBroker(v).requireCertificate().start()) {
            HandshakeException e = rejected(only(TlsOptions.builder().caFile(pki.caFile()), v).build(), broker);
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REQUIRED);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedClientCertificateIsRejected(TlsVersion v) throws Exception {
        try (var broker = certificateBroker(v).requireCertificate().start()) {
            HandshakeException e = rejected(only(TlsOptions.builder().caFile(pki.caFile())
                    .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null), v).build(), broker);
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.step()).isEqualTo(HandshakeStep.CLIENT_CERTIFICATE);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void revokedClientCertificateIsRejectedWithCertificateRevoked(TlsVersion v) throws Exception {
        Issued revoked = pki.intermediate().client("mosquitto-revoked-" + v.name()).issue();
        Path dir = TempFiles.directory("revoked");
        Path cert = PemFiles.writeCertificates(dir.resolve("c.crt"), revoked.chain());
        Path key = PemFiles.writeKey(dir.resolve("c.key"), revoked.key());
        pki.intermediate().revoke(revoked.certificate(), Instant.now().minusSeconds(60));
        Path crl = Files.writeString(dir.resolve("crl.pem"), PemFiles.toPem(pki.root().crl(Duration.ofDays(1)),
                pki.intermediate().crl(Duration.ofDays(1))));
        try (var broker = certificateBroker(v).requireCertificate().crlFile(crl).start()) {
            HandshakeException e = rejected(only(TlsOptions.builder().caFile(pki.caFile()).clientCertificate(cert, key, null), v).build(), broker);
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.alert()).contains(TlsAlert.CERTIFICATE_REVOKED);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void preSharedKey(TlsVersion v) throws Exception {
        try (var broker = MosquittoBroker.builder().psk(pki.pskFile(), "iotls-hint").tlsVersion(v == TlsVersion.TLS_1_3 ? "tlsv1.3" : "tlsv1.2").start();
             var c = TlsTransport.create(only(TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex())), v).build())
                     .connect("localhost", broker.port())) {
            assertThat(c.version()).isEqualTo(v);
            if (v == TlsVersion.TLS_1_2) assertThat(c.trace().toTable()).contains("PSK identity hint: 'iotls-hint'");
            assertMqttAccepted(c);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void wrongPskKeyIsRejected(TlsVersion v) throws Exception {
        try (var broker = MosquittoBroker.builder().psk(pki.pskFile(), "iotls-hint").start()) {
            HandshakeException e = rejected(only(TlsOptions.builder().psk(pki.pskIdentity(),
                    PskKey.ofHex("00112233445566778899aabbccddeeff")), v).build(), broker);
            assertThat(e.reason()).isEqualTo(FailureReason.PSK_REJECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void unknownPskIdentityIsRejected(TlsVersion v) throws Exception {
        try (var broker = MosquittoBroker.builder().psk(pki.pskFile(), "iotls-hint").start()) {
            HandshakeException e = rejected(only(TlsOptions.builder().psk("intruder", PskKey.ofHex(pki.pskHex())), v).build(), broker);
            assertThat(e.reason()).isIn(FailureReason.UNKNOWN_PSK_IDENTITY, FailureReason.PSK_REJECTED);
            assertThat(e.getMessage()).contains("intruder");
            System.out.println("mosquitto " + v + " unknown identity: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void sessionResumption(TlsVersion v) throws Exception {
        try (var broker = certificateBroker(TlsVersion.TLS_1_2).start()) {
            TlsTransport transport = TlsTransport.create(only(TlsOptions.builder().caFile(pki.caFile()), v).build());
            try (var first = transport.connect("localhost", broker.port())) {
                assertMqttAccepted(first);
            }
            try (var second = transport.connect("localhost", broker.port())) {
                assertThat(second.resumed()).isTrue();
                assertThat(second.version()).isEqualTo(v);
                assertThat(second.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE);
                assertThat(second.peerCertificates()).isNotEmpty(); // the chain verified when the session was made
                assertMqttAccepted(second);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void tls13RejectionSeenOnlyWhenWritingIsStillAHandshakeFailure() throws Exception {
        try (var broker = certificateBroker(TlsVersion.TLS_1_3).requireCertificate().start()) {
            TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile())
                    .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build());
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> {
                try (TlsConnection c = transport.connect("localhost", broker.port())) {
                    c.output().write(CONNECT); // no wait: the alert or a reset meets our first write or read
                    c.input().readNBytes(4);
                }
            });
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.step()).isEqualTo(HandshakeStep.CLIENT_CERTIFICATE);
        }
    }
}
