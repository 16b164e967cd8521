package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.testkit.CertificateSpec;
import io.iotls.testkit.OcspResponses;
import io.iotls.testkit.OcspResponses.Status;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.file.Path;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OCSP stapling against OpenSSL's s_server with {@code -status_file}, responses made by {@code openssl ocsp} for the
 * test PKI's broker certificate (issued by its intermediate CA): good, revoked, unknown, stale, signed by the wrong CA,
 * by a delegated responder, and none at all, under each revocation policy.
 */
class OcspStaplingTest {
    private final TestPki pki = SharedPki.get();
    private final Path intermediate = pki.file("intermediate.crt");
    private final Path intermediateKey = pki.file("intermediate.key");

    private Path response(Status status) throws Exception {
        return OcspResponses.openssl(intermediate, intermediate, intermediateKey, pki.server().certificate(), status, 1);
    }

    private OpensslServer server(Path staple, TlsVersion version) throws Exception {
        var b = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile());
        if (version == TlsVersion.TLS_1_2) b.tls12Only();
        else b.tls13Only();
        if (staple != null) b.arg("-status_file", staple.toString());
        return b.start();
    }

    private static TlsOptions options(TestPki pki, RevocationPolicy.Mode mode) {
        return TlsOptions.builder().caFile(pki.caFile()).ocspStapling(mode).build();
    }

    @ParameterizedTest
    @EnumSource(value = TlsVersion.class, names = {"TLS_1_2", "TLS_1_3"})
    void aGoodStapledResponseIsCheckedAndShownInTheTrace(TlsVersion version) throws Exception {
        try (var server = server(response(Status.GOOD), version);
             TlsConnection c = TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port())) {
            String table = c.trace().toTable();
            assertThat(table).contains("OCSP response stapled: good, produced ", ", next update ", "signed by the issuer");
            assertThat(c.trace().steps().contains(HandshakeStep.CERTIFICATE_STATUS)).as("TLS 1.2 has its own message")
                    .isEqualTo(version == TlsVersion.TLS_1_2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsVersion.class, names = {"TLS_1_2", "TLS_1_3"})
    void aRevokedCertificateFailsEvenUnderTheSoftPolicy(TlsVersion version) throws Exception {
        try (var server = server(response(Status.REVOKED), version)) {
            assertThatThrownBy(() -> TlsTransport.create(options(pki, RevocationPolicy.Mode.SOFT)).connect("localhost", server.port()))
                    .isInstanceOfSatisfying(HandshakeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_REVOKED);
                        assertThat(e.step()).isEqualTo(version == TlsVersion.TLS_1_2 ? HandshakeStep.CERTIFICATE_STATUS : HandshakeStep.SERVER_CERTIFICATE);
                        assertThat(e.getMessage()).contains("revoked by its CA's OCSP responder", "keyCompromise");
                        assertThat(e.alert()).contains(TlsAlert.CERTIFICATE_REVOKED);
                    });
        }
    }

    @Test
    void aStaleResponseFailsUnderRequireAndWarnsUnderSoft() throws Exception {
        Path stale = OcspResponses.stale(pki.intermediate().certificate(), pki.intermediate().key(), pki.server().certificate());
        try (var server = server(stale, TlsVersion.TLS_1_3)) {
            assertThatThrownBy(() -> TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port()))
                    .isInstanceOfSatisfying(HandshakeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.OCSP_INVALID);
                        assertThat(e.getMessage()).contains("stale", "nextUpdate");
                        assertThat(e.alert()).contains(TlsAlert.BAD_CERTIFICATE_STATUS_RESPONSE);
                    });
            try (TlsConnection c = TlsTransport.create(options(pki, RevocationPolicy.Mode.SOFT)).connect("localhost", server.port())) {
                assertThat(c.trace().warnings()).anySatisfy(w -> assertThat(w).contains("stale", "SOFT"));
            }
        }
    }

    @Test
    void anUnknownCertificateOrAResponseFromAnotherCaIsNotGoodEnoughUnderRequire() throws Exception {
        Path unknown = response(Status.UNKNOWN);
        Path byRoot = OcspResponses.openssl(intermediate, pki.caFile(), pki.file("ca.key"), pki.server().certificate(), Status.GOOD, 1);
        for (Path staple : new Path[] {unknown, byRoot}) {
            try (var server = server(staple, TlsVersion.TLS_1_2)) {
                assertThatThrownBy(() -> TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port()))
                        .isInstanceOfSatisfying(HandshakeException.class, e -> {
                            assertThat(e.reason()).isEqualTo(FailureReason.OCSP_INVALID);
                            assertThat(e.getMessage()).containsAnyOf("status unknown", "not a responder the certificate's issuer delegated to");
                        });
            }
        }
    }

    @Test
    void aResponderTheIssuerDelegatedToIsAcceptedAndOneWithoutOcspSigningIsNot() throws Exception {
        var issuer = new CertificateSpec.Made(pki.intermediate().certificate(), pki.intermediate().key());
        var responder = CertificateSpec.client("iotls OCSP responder")
                .with(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)).issuedBy(issuer);
        var notAResponder = CertificateSpec.client("iotls device not a responder").issuedBy(issuer);
        Path dir = TempFiles.directory("ocsp-responders");
        for (var signer : new CertificateSpec.Made[] {responder, notAResponder}) {
            Path cert = PemFiles.writeCertificate(dir.resolve("signer.crt"), signer.certificate());
            Path key = PemFiles.writeKey(dir.resolve("signer.key"), signer.key());
            Path staple = OcspResponses.openssl(intermediate, cert, key, pki.server().certificate(), Status.GOOD, 1);
            try (var server = server(staple, TlsVersion.TLS_1_3)) {
                if (signer == responder) {
                    try (TlsConnection c = TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port())) {
                        assertThat(c.trace().toTable()).contains("good", "delegated responder 'CN=iotls OCSP responder");
                    }
                } else {
                    assertThatThrownBy(() -> TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port()))
                            .hasMessageContaining("lacks the extended key usage id-kp-OCSPSigning");
                }
            }
        }
    }

    @Test
    void noStapleFailsOnlyUnderRequireAndIgnoreDoesNotAsk() throws Exception {
        try (var server = server(null, TlsVersion.TLS_1_3)) {
            assertThatThrownBy(() -> TlsTransport.create(options(pki, RevocationPolicy.Mode.REQUIRE)).connect("localhost", server.port()))
                    .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.OCSP_MISSING));
            try (TlsConnection c = TlsTransport.create(options(pki, RevocationPolicy.Mode.SOFT)).connect("localhost", server.port())) {
                assertThat(c.trace().toTable()).contains("OCSP: no response stapled");
            }
        }
        try (var server = server(response(Status.REVOKED), TlsVersion.TLS_1_3);
             TlsConnection c = TlsTransport.create(options(pki, RevocationPolicy.Mode.IGNORE)).connect("localhost", server.port())) {
            assertThat(c.trace().toTable()).as("IGNORE sends no status_request, so no staple comes").doesNotContain("OCSP");
        }
    }
}
