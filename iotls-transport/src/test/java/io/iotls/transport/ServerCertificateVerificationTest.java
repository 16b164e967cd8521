package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.CertificateAuthority;
import io.iotls.testkit.Issued;
import io.iotls.testkit.KeyType;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The seed's Certificate step: "If the client does not trust the server certificate, the TLS connection establishment
 * is aborted." Each case against OpenSSL's s_server, asserting the step, the reason and what the user reads.
 */
class ServerCertificateVerificationTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final TestPki pki = SharedPki.get();

    private Path write(Issued issued) throws Exception {
        return pki.write("server-case-" + NAMES.incrementAndGet(), issued);
    }

    private static Path keyOf(Path cert) {
        return cert.resolveSibling(cert.getFileName().toString().replace(".crt", ".key"));
    }

    private HandshakeException failureAgainst(Issued serverCert, TlsOptions options, String host) throws Exception {
        Path cert = write(serverCert);
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start()) {
            TlsTransport transport = TlsTransport.create(options);
            return catchThrowableOfType(HandshakeException.class, () -> transport.connect(host, server.port()).close());
        }
    }

    private TlsOptions.Builder trustingCa() {
        return TlsOptions.builder().caFile(pki.caFile());
    }

    @Test
    void rejectsServerSignedByAnotherCa() throws Exception {
        CertificateAuthority other = CertificateAuthority.root("Other Root", KeyType.EC_P256);
        HandshakeException e = failureAgainst(other.server("localhost").names("localhost").issue(), trustingCa().build(), "localhost");
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
        assertThat(e.reason()).isEqualTo(FailureReason.UNTRUSTED_CERTIFICATE);
        assertThat(e.getMessage()).contains("issued by CN=Other Root").contains("not among the 1 trusted CA");
        assertThat(e.hint()).contains("--cafile");
        assertThat(e.trace()).get().extracting(HandshakeTrace::steps).asList()
                .containsSubsequence(HandshakeStep.CLIENT_HELLO, HandshakeStep.SERVER_HELLO, HandshakeStep.SERVER_CERTIFICATE);
    }

    @Test
    void aCertificateMadeForClientsOnlyIsNotAcceptedAsTheBrokers() throws Exception {
        // from the broker's own CA and with the right name: only its extended key usage (clientAuth) is wrong
        Issued clientOnly = pki.intermediate().client("localhost").names("localhost").issue();
        HandshakeException e = failureAgainst(clientOnly, trustingCa().build(), "localhost");
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_PURPOSE);
        assertThat(e.getMessage()).contains("has extended key usage clientAuth, not serverAuth").contains("a broker (TLS server)");
        assertThat(e.alert()).contains(TlsAlert.UNSUPPORTED_CERTIFICATE);
        assertThat(e.hint()).contains("extendedKeyUsage serverAuth");
    }

    @Test
    void skippingOnlyTheHostnameCheckGoesThroughTheInsecureDoorAndStillVerifiesTheChain() throws Exception {
        Issued otherName = pki.intermediate().server("broker-7").names("broker-7.plant").issue();
        TlsOptions noHostname = trustingCa().insecure().skipHostnameVerification().build();
        assertThat(noHostname.toString()).contains("hostname NOT verified");
        Path cert = write(otherName);
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(noHostname).connect("localhost", server.port())) {
            assertThat(c.trace().warnings()).contains("hostname verification is off");
        }
        CertificateAuthority other = CertificateAuthority.root("Other Root", KeyType.EC_P256);
        HandshakeException e = failureAgainst(other.server("x").names("x").issue(), trustingCa().insecure().skipHostnameVerification().build(), "localhost");
        assertThat(e.reason()).as("the chain is still verified").isEqualTo(FailureReason.UNTRUSTED_CERTIFICATE);
    }

    @Test
    void rejectsSelfSignedServerUnlessItIsGivenAsCa() throws Exception {
        Issued self = CertificateAuthority.selfSigned("localhost", KeyType.EC_P256, java.util.List.of("localhost"));
        HandshakeException e = failureAgainst(self, trustingCa().build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.UNTRUSTED_CERTIFICATE);
        assertThat(e.getMessage()).contains("self-signed");

        Path cert = write(self);
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(TlsOptions.builder().caFile(cert).build()).connect("localhost", server.port())) {
            assertThat(c.trace().verdict()).startsWith("CONNECTED");
        }
    }

    @Test
    void rejectsExpiredServerCertificate() throws Exception {
        Instant now = Instant.now();
        Issued expired = pki.intermediate().server("localhost").names("localhost")
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).issue();
        HandshakeException e = failureAgainst(expired, trustingCa().build(), "localhost");
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_EXPIRED);
        assertThat(e.getMessage()).contains("expired on");
        assertThat(e.alert()).contains(TlsAlert.CERTIFICATE_EXPIRED);
    }

    @Test
    void anExpiredCertificateSentBesideTheChainButNotInThePathIsNoFault() throws Exception {
        Instant now = Instant.now();
        Issued leaf = pki.intermediate().server("localhost").names("localhost").issue();
        Issued old = pki.intermediate().server("retired").names("retired")
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).issue();
        java.util.List<java.security.cert.X509Certificate> sent = new java.util.ArrayList<>(leaf.intermediates());
        sent.add(old.certificate()); // an old certificate left in the server's chain file
        assertThat(failureAgainst(new Issued(leaf.certificate(), leaf.key(), sent), trustingCa().build(), "localhost")).isNull();
    }

    @Test
    void anExpiredIntermediateInThePathIsReportedAsExpired() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority expiredCa = pki.root().intermediate("Expired Intermediate", KeyType.EC_P256,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        Issued leaf = expiredCa.server("localhost").names("localhost").validity(now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(2))).issue();
        HandshakeException e = failureAgainst(leaf, trustingCa().build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_EXPIRED);
        assertThat(e.getMessage()).contains("Expired Intermediate");
    }

    @Test
    void rejectsNotYetValidServerCertificate() throws Exception {
        Instant now = Instant.now();
        Issued future = pki.intermediate().server("localhost").names("localhost")
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue();
        HandshakeException e = failureAgainst(future, trustingCa().build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_NOT_YET_VALID);
        assertThat(e.getMessage()).contains("is not valid before");
    }

    @Test
    void rejectsCertificateIssuedForAnotherHost() throws Exception {
        Issued other = pki.intermediate().server("other.example").names("other.example", "*.other.example").issue();
        HandshakeException e = failureAgainst(other, trustingCa().build(), "127.0.0.1");
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
        assertThat(e.reason()).isEqualTo(FailureReason.HOSTNAME_MISMATCH);
        assertThat(e.getMessage()).contains("not valid for '127.0.0.1'").contains("only valid for other.example, *.other.example");
    }

    @Test
    void serverNameOverrideChecksThatNameInstead() throws Exception {
        Path cert = write(pki.intermediate().server("broker.plant").names("broker.plant").issue());
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(trustingCa().serverName("broker.plant").build()).connect("127.0.0.1", server.port())) {
            assertThat(c.trace().toTable()).contains("SNI broker.plant").contains("valid for 'broker.plant'");
        }
    }

    @Test
    void rejectsRevokedServerLeafNamingSerialDateAndCrl() throws Exception {
        Issued leaf = pki.intermediate().server("localhost").names("localhost").issue();
        CertificateAuthority ca = pki.intermediate();
        ca.revoke(leaf.certificate(), Instant.now().minusSeconds(120));
        Path crl = PemFiles.writeCrl(TempFiles.file("crl", ".pem"), ca.crl(Duration.ofDays(1)));
        HandshakeException e = failureAgainst(leaf, trustingCa().crlFile(crl).build(), "localhost");
        assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_CERTIFICATE);
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_REVOKED);
        assertThat(e.getMessage()).contains("serial 0x" + leaf.certificate().getSerialNumber().toString(16))
                .contains("was revoked on").contains(crl.toString()).contains("iotls Test Intermediate CA");
    }

    @Test
    void rejectsChainWithRevokedIntermediate() throws Exception {
        CertificateAuthority root = CertificateAuthority.root("Revoking Root", KeyType.EC_P256);
        CertificateAuthority intermediate = root.intermediate("Revoked Intermediate", KeyType.EC_P256);
        root.revoke(intermediate.certificate(), Instant.now().minusSeconds(60));
        Path dir = TempFiles.directory("revoked-intermediate");
        Path ca = PemFiles.writeCertificate(dir.resolve("ca.crt"), root.certificate());
        Path crl = PemFiles.writeCrl(dir.resolve("root.crl"), root.crl(Duration.ofDays(1)));
        Issued leaf = intermediate.server("localhost").names("localhost").issue();
        HandshakeException e = failureAgainst(leaf, TlsOptions.builder().caFile(ca).crlFile(crl).build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_REVOKED);
        assertThat(e.getMessage()).contains("Revoked Intermediate");

        HandshakeException leafOnly = failureAgainst(leaf, TlsOptions.builder().caFile(ca).crlFile(crl)
                .crlScope(CrlScope.LEAF).requireCrlForEveryIssuer(false).build(), "localhost");
        assertThat(leafOnly).as("leaf-only checking does not look at the intermediate").isNull();
    }

    @Test
    void anIssuerWithoutACrlIsAWarningWhenCrlsAreNotRequiredForAll() throws Exception {
        Path crl = PemFiles.writeCrl(TempFiles.file("intermediate", ".pem"), pki.intermediate().crl(Duration.ofDays(1)));
        Path cert = write(pki.intermediate().server("localhost").names("localhost").issue());
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(trustingCa().crlFile(crl).requireCrlForEveryIssuer(false).build()).connect("localhost", server.port())) {
            // the leaf is checked against the intermediate's CRL; nobody's CRL covers the intermediate itself
            assertThat(c.trace().warnings()).anyMatch(w -> w.startsWith("no CRL of ") && w.contains("iotls Test Intermediate CA")
                    && w.endsWith("was not checked for revocation"));
        }
    }

    @Test
    void rejectsExpiredCrlUnlessStaleCrlsAreAccepted() throws Exception {
        CertificateAuthority ca = pki.intermediate();
        Instant now = Instant.now();
        Path crl = PemFiles.writeCrl(TempFiles.file("stale", ".pem"),
                ca.crl(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        Issued leaf = pki.intermediate().server("localhost").names("localhost").issue();
        HandshakeException e = failureAgainst(leaf, trustingCa().crlFile(crl).build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CRL_EXPIRED);
        assertThat(e.getMessage()).contains("expired: its nextUpdate was");
        assertThat(e.hint()).contains("--crl-accept-stale");

        Path cert = write(leaf);
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(trustingCa().crlFile(crl).acceptStaleCrls(true).build()).connect("localhost", server.port())) {
            assertThat(c.trace().warnings()).anyMatch(w -> w.contains("expired"));
        }
    }

    @Test
    void rejectsCrlSignedByAnotherCaWithTheSameName() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.root("iotls Test Intermediate CA", KeyType.EC_P256);
        Path crl = PemFiles.writeCrl(TempFiles.file("forged", ".pem"), impostor.crl(Duration.ofDays(1)));
        HandshakeException e = failureAgainst(pki.intermediate().server("localhost").names("localhost").issue(),
                trustingCa().crlFile(crl).build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CRL_INVALID);
        assertThat(e.getMessage()).contains("not signed by that CA's key");
    }

    @Test
    void caDirectoryWithCrlInsideIsUsedLikeCapath() throws Exception {
        Issued leaf = pki.intermediate().server("localhost").names("localhost").issue();
        Path dir = TempFiles.directory("capath");
        Files.copy(pki.caFile(), dir.resolve("root.pem"));
        CertificateAuthority ca = pki.intermediate();
        ca.revoke(leaf.certificate(), Instant.now().minusSeconds(30));
        PemFiles.writeCrl(dir.resolve("intermediate.crl.pem"), ca.crl(Duration.ofDays(1)));
        HandshakeException e = failureAgainst(leaf, TlsOptions.builder().caDirectory(dir).build(), "localhost");
        assertThat(e.reason()).isEqualTo(FailureReason.CERTIFICATE_REVOKED);
    }

    @Test
    void insecureModeConnectsToAnyoneAndSaysSoLoudly() throws Exception {
        Issued self = CertificateAuthority.selfSigned("evil", KeyType.EC_P256, java.util.List.of("evil"));
        Path cert = write(self);
        TlsOptions insecure = TlsOptions.builder().insecure().acceptAnyServerCertificate().build();
        assertThat(insecure.toString()).startsWith("INSECURE");
        try (var server = OpensslServer.builder().certificate(cert, keyOf(cert)).start();
             var c = TlsTransport.create(insecure).connect("localhost", server.port())) {
            assertThat(c.trace().verdict()).contains("INSECURE");
            assertThat(c.trace().toTable()).contains("NOT VERIFIED");
        }
    }

    @Test
    void connectionRefusedIsNamedAtTcpConnect() throws Exception {
        int closedPort = io.iotls.testkit.FreePort.find();
        HandshakeException e = catchThrowableOfType(HandshakeException.class,
                () -> TlsTransport.create(trustingCa().build()).connect("127.0.0.1", closedPort));
        assertThat(e.step()).isEqualTo(HandshakeStep.TCP_CONNECT);
        assertThat(e.reason()).isEqualTo(FailureReason.CONNECTION_REFUSED);
    }

    @Test
    void silentPeerTimesOutInsteadOfHanging() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(
                    trustingCa().handshakeTimeout(Duration.ofMillis(400)).build()).connect("127.0.0.1", silent.getLocalPort()));
            assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(e.step()).isEqualTo(HandshakeStep.SERVER_HELLO);
        }
    }
}
