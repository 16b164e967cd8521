package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.MosquittoBroker;
import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 session resumption (RFC 8446 2.2): the server's NewSessionTicket after one handshake lets the next one
 * skip certificates. Checked against OpenSSL's s_server and mosquitto, which both verify our PSK binder.
 */
class Tls13ResumptionTest {
    /** CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "iotls-test". */
    private static final byte[] CONNECT = {0x10, 22, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60,
            0, 10, 'i', 'o', 't', 'l', 's', '-', 't', 'e', 's', 't'};
    private static final byte[] CONNACK_ACCEPTED = {0x20, 2, 0, 0};

    private final TestPki pki = SharedPki.get();

    private TlsOptions.Builder tls13() {
        return TlsOptions.builder().caFile(pki.caFile()).versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_3);
    }

    private OpensslServer mutualTlsServer() throws Exception {
        return OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                .requireClientCertificate(pki.caFile()).tls13Only().start();
    }

    /** s_server -rev answers each line reversed; reading the answer also reads the tickets sent before it. */
    private static void assertEchoes(TlsConnection c) throws IOException {
        c.output().write("ticket\n".getBytes());
        assertThat(new String(c.input().readNBytes(6))).isEqualTo("tekcit");
    }

    private static void assertMqttAccepted(TlsConnection c) throws IOException {
        c.output().write(CONNECT);
        assertThat(c.input().readNBytes(4)).containsExactly(CONNACK_ACCEPTED);
    }

    @Test
    void aTicketFromOpensslResumesAMutualTlsSessionWithoutCertificates() throws Exception {
        try (var server = mutualTlsServer()) {
            TlsTransport transport = TlsTransport.create(tls13().clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build());
            java.util.List<java.security.cert.X509Certificate> verifiedChain;
            try (var first = transport.connect("localhost", server.port())) {
                assertThat(first.resumed()).isFalse();
                assertEchoes(first);
                verifiedChain = first.peerCertificates();
            }
            try (var second = transport.connect("localhost", server.port())) {
                assertThat(second.resumed()).isTrue();
                assertThat(second.trace().steps()).contains(HandshakeStep.SERVER_HELLO, HandshakeStep.SERVER_FINISHED)
                        .doesNotContain(HandshakeStep.SERVER_CERTIFICATE, HandshakeStep.CERTIFICATE_REQUEST, HandshakeStep.CLIENT_CERTIFICATE);
                assertThat(second.trace().toTable()).contains("offers a TLS 1.3 session ticket", "resumed session with a TLS 1.3 ticket");
                assertThat(second.trace().verdict()).contains("session resumed");
                assertThat(second.peerCertificates()).isEqualTo(verifiedChain);
                assertEchoes(second); // traffic keys derived from the resumption PSK agree with OpenSSL's
            }
        }
    }

    /**
     * The resumption master secret is taken over iotls' own transcript: a handshake that went through a
     * HelloRetryRequest (the first ClientHello then counts as its hash) and a SHA-384 suite must still give a ticket
     * OpenSSL accepts.
     */
    @Test
    void aTicketFromAHandshakeWithAHelloRetryRequestAndASha384SuiteResumes() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only()
                .ciphersuites("TLS_AES_256_GCM_SHA384").arg("-groups", "P-384").start()) {
            TlsTransport transport = TlsTransport.create(tls13().build());
            try (var first = transport.connect("localhost", server.port())) {
                assertThat(first.trace().steps()).contains(HandshakeStep.HELLO_RETRY_REQUEST);
                assertThat(first.cipherSuite()).isEqualTo(CipherSuite.TLS_AES_256_GCM_SHA384);
                assertEchoes(first);
            }
            try (var second = transport.connect("localhost", server.port())) {
                assertThat(second.resumed()).isTrue();
                assertEchoes(second);
            }
        }
    }

    @Test
    void everyResumedSessionBringsTheTicketForTheNext() throws Exception {
        try (var server = mutualTlsServer()) {
            TlsTransport transport = TlsTransport.create(tls13().clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build());
            for (int i = 0; i < 6; i++) { // more rounds than tickets kept: each resumed handshake must receive new ones
                try (var c = transport.connect("localhost", server.port())) {
                    assertThat(c.resumed()).as("connection %d", i).isEqualTo(i > 0);
                    assertEchoes(c);
                }
            }
        }
    }

    @Test
    void mosquittoResumesAndAcceptsMqtt() throws Exception {
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).tlsVersion("tlsv1.3").start()) {
            TlsTransport transport = TlsTransport.create(tls13().build());
            try (var first = transport.connect("localhost", broker.port())) {
                assertMqttAccepted(first);
            }
            try (var second = transport.connect("localhost", broker.port())) {
                assertThat(second.resumed()).isTrue();
                assertMqttAccepted(second);
            }
        }
    }

    @Test
    void aTicketTheServerNoLongerKnowsFallsBackToAFullHandshake() throws Exception {
        try (var broker = MosquittoBroker.builder().tls(pki.caFile(), pki.serverCertFile(), pki.serverKeyFile()).tlsVersion("tlsv1.3").start()) {
            TlsTransport transport = TlsTransport.create(tls13().build());
            try (var first = transport.connect("localhost", broker.port())) {
                assertMqttAccepted(first);
            }
            broker.restart(); // new ticket keys: the ticket we hold cannot be decrypted any more
            try (var second = transport.connect("localhost", broker.port())) {
                assertThat(second.resumed()).isFalse();
                assertThat(second.trace().steps()).contains(HandshakeStep.SERVER_CERTIFICATE);
                assertThat(second.trace().toTable()).contains("server did not accept our session ticket: full handshake");
                assertMqttAccepted(second);
            }
        }
    }

    @Test
    void aPskConnectionResumesWithItsTicketAndTheExternalPskStillWorksWithout() throws Exception {
        try (var broker = MosquittoBroker.builder().psk(pki.pskFile(), "iotls-hint").tlsVersion("tlsv1.3").start()) {
            TlsTransport transport = TlsTransport.create(TlsOptions.builder().psk(pki.pskIdentity(), PskKey.ofHex(pki.pskHex()))
                    .versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_3).build());
            try (var first = transport.connect("localhost", broker.port())) {
                assertThat(first.trace().verdict()).contains("pre-shared key");
                assertMqttAccepted(first);
            }
            try (var second = transport.connect("localhost", broker.port())) { // offers the ticket, then the external PSK
                assertThat(second.resumed()).isTrue();
                assertMqttAccepted(second);
            }
            broker.restart(); // the ticket is refused: the external PSK in the same ClientHello must carry the handshake
            try (var third = transport.connect("localhost", broker.port())) {
                assertThat(third.resumed()).isFalse();
                assertThat(third.trace().toTable()).contains("server did not accept our session ticket", "server accepted PSK identity");
                assertMqttAccepted(third);
            }
        }
    }

    @Test
    void ticketsAreKeptPerServerName() throws Exception {
        try (var server = mutualTlsServer()) {
            TlsTransport transport = TlsTransport.create(tls13().clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null).build());
            try (var first = transport.connect("localhost", server.port())) {
                assertEchoes(first);
            }
            try (var other = transport.connect("127.0.0.1", server.port())) { // same server, another name to verify
                assertThat(other.resumed()).isFalse();
                assertThat(other.trace().toTable()).doesNotContain("session ticket");
                assertEchoes(other);
            }
        }
    }

    @Test
    void withResumptionOffNoTicketIsOffered() throws Exception {
        try (var server = mutualTlsServer()) {
            TlsTransport transport = TlsTransport.create(tls13().clientCertificate(pki.clientCertFile(), pki.clientKeyFile(), null)
                    .sessionResumption(false).build());
            for (int i = 0; i < 2; i++) {
                try (var c = transport.connect("localhost", server.port())) {
                    assertThat(c.resumed()).isFalse();
                    assertThat(c.trace().toTable()).doesNotContain("session ticket");
                    assertEchoes(c);
                }
            }
        }
    }
}
