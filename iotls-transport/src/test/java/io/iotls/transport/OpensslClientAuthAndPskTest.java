package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.Issued;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Mutual TLS and PSK against OpenSSL's s_server, including its late TLS 1.3 rejection of client certificates. */
class OpensslClientAuthAndPskTest {
    private final TestPki pki = SharedPki.get();

    private OpensslServer.Builder mtlsServer(TlsVersion version) throws Exception {
        OpensslServer.Builder b = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                .requireClientCertificate(pki.caFile());
        return version == TlsVersion.TLS_1_2 ? b.tls12Only() : b.tls13Only();
    }

    private TlsOptions.Builder client(TlsVersion v) {
        return TlsOptions.builder().caFile(pki.caFile()).versions(v, v);
    }

    private HandshakeException rejected(OpensslServer server, TlsOptions options) throws Exception {
        TlsTransport transport = TlsTransport.create(options);
        return catchThrowableOfType(HandshakeException.class, () -> {
            try (TlsConnection c = transport.connect("localhost", server.port())) {
                c.awaitLateAlert(Duration.ofSeconds(2)); // TLS 1.3: the verdict on our certificate comes after our Finished
            }
        });
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void caSignedClientCertificateIsAccepted(TlsVersion v) throws Exception {
        try (var server = mtlsServer(v).start();
             var c = TlsTransport.create(client(v).clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build())
                     .connect("localhost", server.port())) {
            c.awaitLateAlert(Duration.ofMillis(500));
            c.output().write("mutual\n".getBytes());
            assertThat(new String(c.input().readNBytes(6))).isEqualTo("lautum");
            assertThat(c.trace().toTable()).contains("acceptable CAs: CN=iotls Test Root CA");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void missingClientCertificateIsReportedAsRequired(TlsVersion v) throws Exception {
        try (var server = mtlsServer(v).start()) {
            HandshakeException e = rejected(server, client(v).build());
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REQUIRED);
            assertThat(e.step()).isEqualTo(HandshakeStep.CLIENT_CERTIFICATE);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedClientCertificateIsReportedAsRejected(TlsVersion v) throws Exception {
        try (var server = mtlsServer(v).start()) {
            HandshakeException e = rejected(server, client(v)
                    .clientCertificate(pki.selfSignedClientCertFile(), pki.selfSignedClientKeyFile(), null).build());
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.step()).isEqualTo(HandshakeStep.CLIENT_CERTIFICATE);
            assertThat(e.alertFromPeer()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void revokedClientCertificateIsReportedAsRevoked(TlsVersion v) throws Exception {
        Issued revoked = pki.intermediate().client("revoked-" + v.name()).issue();
        Path dir = TempFiles.directory("revoked");
        Path cert = PemFiles.writeCertificates(dir.resolve("c.crt"), revoked.chain());
        Path key = PemFiles.writeKey(dir.resolve("c.key"), revoked.key());
        pki.intermediate().revoke(revoked.certificate(), Instant.now().minusSeconds(60));
        Path crls = PemFiles.writeCrl(dir.resolve("intermediate.crl"), pki.intermediate().crl(Duration.ofDays(1)));
        try (var server = mtlsServer(v).crl(crls).start()) {
            HandshakeException e = rejected(server, client(v).clientCertificate(cert, key, null).build());
            assertThat(e.reason()).isEqualTo(FailureReason.CLIENT_CERTIFICATE_REJECTED);
            assertThat(e.alert()).contains(TlsAlert.CERTIFICATE_REVOKED);
            assertThat(e.getMessage()).contains("revoked");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void pskAuthenticatesWithoutCertificates(TlsVersion v) throws Exception {
        OpensslServer.Builder b = OpensslServer.builder().psk(pki.pskIdentity(), pki.pskHex(), "iotls-hint");
        if (v == TlsVersion.TLS_1_2) b.tls12Only().cipher("PSK"); else b.tls13Only();
        try (var server = b.start();
             var c = TlsTransport.create(TlsOptions.builder().versions(v, v).psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex())).build())
                     .connect("localhost", server.port())) {
            c.output().write("psk\n".getBytes());
            assertThat(new String(c.input().readNBytes(3))).isEqualTo("ksp");
            assertThat(c.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE);
            assertThat(c.trace().verdict()).contains("pre-shared key");
            if (v == TlsVersion.TLS_1_2) assertThat(c.trace().toTable()).contains("PSK identity hint: 'iotls-hint'");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void wrongPskKeyIsReportedAsPskRejected(TlsVersion v) throws Exception {
        OpensslServer.Builder b = OpensslServer.builder().psk(pki.pskIdentity(), pki.pskHex(), null);
        if (v == TlsVersion.TLS_1_2) b.tls12Only().cipher("PSK"); else b.tls13Only();
        try (var server = b.start()) {
            HandshakeException e = rejected(server, TlsOptions.builder().versions(v, v)
                    .psk(pki.pskIdentity(), PskKey.ofHex("0badc0de0badc0de0badc0de0badc0de")).build());
            assertThat(e.reason()).isEqualTo(FailureReason.PSK_REJECTED);
            assertThat(e.getMessage()).doesNotContain("0badc0de").doesNotContain(pki.pskHex());
        }
    }

    /** TLS 1.3 only: s_server's TLS 1.2 PSK callback warns about an unexpected identity and carries on. */
    @Test
    void unknownPskIdentityIsReportedInTls13() throws Exception {
        try (var server = OpensslServer.builder().psk(pki.pskIdentity(), pki.pskHex(), null).tls13Only().start()) {
            HandshakeException e = rejected(server, TlsOptions.builder().psk("somebody-else", PskKey.ofHex(pki.pskHex())).build());
            assertThat(e.reason()).isEqualTo(FailureReason.PSK_REJECTED);
            assertThat(e.getMessage()).contains("no key for identity 'somebody-else'");
            assertThat(e.likelyCauses()).isNotEmpty();
        }
    }

    @Test
    void noCommonCipherSuiteIsNamedAtServerHello() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only()
                .cipher("ECDHE-RSA-AES256-SHA384").start()) {
            HandshakeException e = rejected(server, TlsOptions.builder().caFile(pki.caFile())
                    .cipherSuites("ECDHE-RSA-AES128-GCM-SHA256").build());
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
            assertThat(e.reason()).isEqualTo(FailureReason.NO_COMMON_CIPHER_SUITE);
        }
    }

    @Test
    void versionMismatchIsNamed() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only().start()) {
            HandshakeException e = rejected(server, TlsOptions.builder().caFile(pki.caFile())
                    .versions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_2).build());
            assertThat(e.reason()).isEqualTo(FailureReason.PROTOCOL_VERSION);
        }
    }

    @Test
    void staticRsaAsInTheSeedWhenNamed() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only()
                .cipher("AES128-GCM-SHA256").start();
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).cipherSuites("TLS_RSA_WITH_AES_128_GCM_SHA256").build())
                     .connect("localhost", server.port())) {
            assertThat(c.cipherSuite()).isEqualTo(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256);
            assertThat(c.trace().steps()).containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO,
                    HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.SERVER_HELLO_DONE, HandshakeStep.CLIENT_KEY_EXCHANGE,
                    HandshakeStep.CLIENT_CHANGE_CIPHER_SPEC, HandshakeStep.CLIENT_FINISHED, HandshakeStep.SERVER_CHANGE_CIPHER_SPEC,
                    HandshakeStep.SERVER_FINISHED, HandshakeStep.APPLICATION_DATA);
        }
    }

    @Test
    void tls12ResumptionAgainstOpenssl() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only().start()) {
            TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build());
            try (var first = transport.connect("localhost", server.port())) {
                assertThat(first.resumed()).isFalse();
            }
            try (var second = transport.connect("localhost", server.port())) {
                assertThat(second.resumed()).isTrue();
                assertThat(second.trace().steps()).doesNotContain(HandshakeStep.SERVER_CERTIFICATE);
            }
        }
    }
}
