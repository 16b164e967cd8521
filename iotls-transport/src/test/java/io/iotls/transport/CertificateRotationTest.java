package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.Issued;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.PemFiles;
import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A device whose certificate is renewed on disk while it runs: the next connection of the same transport presents
 * the new one (OpenSSL's s_server logs which), a rotation left half done keeps the old material with a warning, and
 * certificates near their end are warned about on every connection.
 */
class CertificateRotationTest {
    private final TestPki pki = SharedPki.get();

    private static void write(Path dir, Issued issued) throws Exception {
        PemFiles.writeCertificates(dir.resolve("device.crt"), issued.chain());
        PemFiles.writeKey(dir.resolve("device.key"), issued.key());
    }

    @Test
    void aRenewedCertificateOnDiskIsPresentedFromTheNextConnectionOn() throws Exception {
        Path dir = TempFiles.directory("rotation");
        write(dir, pki.intermediate().client("device-before").issue());
        TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile())
                .clientCertificate(dir.resolve("device.crt"), dir.resolve("device.key"), null).build());
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                .requireClientCertificate(pki.caFile()).start()) {
            try (TlsConnection c = transport.connect("localhost", server.port())) {
                c.output().write("x\n".getBytes()); // a round trip: s_server has logged the certificate it verified
                c.output().flush();
                c.input().read();
            }
            assertThat(server.log()).contains("device-before").doesNotContain("device-after-renewal");
            write(dir, pki.intermediate().client("device-after-renewal").issue());
            try (TlsConnection c = transport.connect("localhost", server.port())) {
                assertThat(c.trace().warnings()).noneMatch(w -> w.contains("do not load"));
                c.output().write("x\n".getBytes());
                c.output().flush();
                c.input().read();
            }
            assertThat(server.log()).as("s_server was shown the renewed certificate").contains("device-after-renewal");
            Files.writeString(dir.resolve("device.key"), "-----BEGIN PRIVATE KEY-----\nhalf written"); // a rotation half done
            try (TlsConnection c = transport.connect("localhost", server.port())) {
                assertThat(c.trace().warnings()).anyMatch(w -> w.contains("the TLS files changed but do not load"));
            }
            assertThat(org.assertj.core.api.Assertions.catchThrowable(transport::reloadTls))
                    .as("an explicit reload says what is wrong").isInstanceOf(HandshakeException.class);
        }
    }

    /** The certificate an endpoint presents to a new client (a full handshake). */
    private static java.security.cert.X509Certificate presented(TlsServerEndpoint endpoint, TestPki pki) throws Exception {
        TlsOptions client = TlsOptions.builder().caFile(pki.caFile()).sessionResumption(false).build();
        try (TlsConnection c = TlsTransport.create(client).connect("localhost", endpoint.port())) {
            return c.peerCertificates().get(0);
        }
    }

    @Test
    void aServerEndpointPresentsItsRenewedCertificateFromTheNextConnectionOn() throws Exception {
        Path dir = TempFiles.directory("server-rotation");
        Issued original = pki.intermediate().server("localhost").names("localhost").issue();
        write(dir, original);
        Path cert = dir.resolve("device.crt");
        TlsServerOptions options = TlsServerOptions.builder().certificate(cert, dir.resolve("device.key"), null).build();
        try (TlsServerEndpoint endpoint = TlsServerEndpoint.start(new java.net.InetSocketAddress("127.0.0.1", 0), options, c -> { })) {
            assertThat(presented(endpoint, pki)).isEqualTo(original.certificate());
            Issued renewed = pki.intermediate().server("localhost").names("localhost").issue();
            write(dir, renewed);
            assertThat(presented(endpoint, pki)).as("the renewed certificate, without a restart").isEqualTo(renewed.certificate());
            Files.writeString(dir.resolve("device.key"), "-----BEGIN PRIVATE KEY-----\nhalf written"); // a rotation half done
            assertThat(presented(endpoint, pki)).as("the material loaded before stays").isEqualTo(renewed.certificate());
            assertThat(org.assertj.core.api.Assertions.catchThrowable(endpoint::reloadTls))
                    .as("an explicit reload says what is wrong").isInstanceOf(HandshakeException.class);
        }
    }

    @Test
    void certificatesNearTheirEndAreWarnedAboutOnEveryConnection() throws Exception {
        Instant now = Instant.now();
        Path dir = TempFiles.directory("expiring");
        Issued broker = pki.intermediate().server("localhost").names("localhost").validity(now.minus(Duration.ofDays(300)),
                now.plus(Duration.ofDays(10))).issue();
        write(dir, broker);
        Issued device = pki.intermediate().client("device-ending").validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(5)))
                .issue();
        PemFiles.writeCertificates(dir.resolve("client.crt"), device.chain());
        PemFiles.writeKey(dir.resolve("client.key"), device.key());
        try (var server = OpensslServer.builder().certificate(dir.resolve("device.crt"), dir.resolve("device.key")).start();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile())
                     .clientCertificate(dir.resolve("client.crt"), dir.resolve("client.key"), null).build()).connect("localhost", server.port())) {
            assertThat(c.trace().warnings()).anyMatch(w -> w.contains("CN=localhost") && w.contains("the broker's certificate path")
                    && w.contains("in 9 days"));
            assertThat(c.trace().warnings()).anyMatch(w -> w.contains("CN=device-ending") && w.contains("our client certificate chain"));
        }
    }
}
