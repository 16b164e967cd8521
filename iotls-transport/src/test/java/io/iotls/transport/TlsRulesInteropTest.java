package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * TLS rules iotls enforces beyond Bouncy Castle's defaults, each against an independent peer: no SHA-1 handshake
 * signatures, session tickets from a JSSE server (psk_key_exchange_modes always offered), an external PSK bound to
 * SHA-384 when the suites need it.
 */
class TlsRulesInteropTest {
    private final TestPki pki = SharedPki.get();

    @Test
    void aServerThatCanOnlySignWithSha1IsRefused() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only()
                .arg("-sigalgs", "RSA+SHA1", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0").start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(
                    TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", server.port()).close());
            assertThat(e).as("no SHA-1 signature scheme is offered, so the handshake cannot complete").isNotNull();
        }
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls12Only()
                .arg("-sigalgs", "RSA+SHA256", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0").start();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", server.port())) {
            assertThat(c.version()).as("the same server with SHA-256").isEqualTo(TlsVersion.TLS_1_2);
        }
    }

    @Test
    void anExternalPskForSha384SuitesIsBoundToSha384AndOpensslsSha256BindingIsNamedWhenItCannotWork() throws Exception {
        PskKey key = PskKey.ofHex(pki.pskHex());
        // OpenSSL's s_server (and mosquitto) bind every external PSK to SHA-256: SHA-384-only suites cannot work there,
        // and the failure says so instead of blaming the key
        try (var server = OpensslServer.builder().psk("dev-384", pki.pskHex(), null).tls13Only()
                .ciphersuites("TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256").start()) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class, () -> TlsTransport.create(TlsOptions.builder()
                    .psk("dev-384", key).cipherSuites("TLS_AES_256_GCM_SHA384").build()).connect("127.0.0.1", server.port()).close());
            assertThat(e.getMessage()).contains("bound to SHA-384", "OpenSSL and mosquitto bind every external PSK to SHA-256");
            try (TlsConnection c = TlsTransport.create(TlsOptions.builder().psk("dev-384", key)
                    .cipherSuites("TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256").build()).connect("127.0.0.1", server.port())) {
                assertThat(c.cipherSuite()).as("SHA-256 binding when a SHA-256 suite is named").isEqualTo(CipherSuite.TLS_AES_128_GCM_SHA256);
            }
        }
        // a peer that binds to the suite's hash (iotls' own endpoint): SHA-384 end to end
        try (TlsServerEndpoint endpoint = TlsServerEndpoint.start(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TlsServerOptions.builder().psk("dev-384", key).cipherSuites("TLS_AES_256_GCM_SHA384").build(), connection -> { });
             TlsConnection c = TlsTransport.create(TlsOptions.builder().psk("dev-384", key).cipherSuites("TLS_AES_256_GCM_SHA384")
                     .build()).connect("127.0.0.1", endpoint.address().getPort())) {
            assertThat(c.cipherSuite()).isEqualTo(CipherSuite.TLS_AES_256_GCM_SHA384);
            assertThat(c.trace().toTable()).contains("server accepted PSK identity 'dev-384'");
        }
    }

    @Test
    void aReconnectWithATicketToAServerThatRetriesTheHelloUnderAnotherHashCompletes() throws Exception {
        TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile())
                .handshakeTimeout(java.time.Duration.ofSeconds(5)).build());
        int port;
        try (var first = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).tls13Only()
                .ciphersuites("TLS_AES_128_GCM_SHA256").start();
             TlsConnection c = transport.connect("localhost", first.port())) {
            port = first.port();
            assertThat(Echo.reversedByOpenssl(c, "ticket please")).isEqualTo("esaelp tekcit"); // the tickets came before the answer
        }
        // the same address, now a server that prefers a SHA-384 suite and another group: a HelloRetryRequest under SHA-384
        try (var second = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).port(port).tls13Only()
                .ciphersuites("TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256").arg("-serverpref", "-groups", "P-384").start();
             TlsConnection c = transport.connect("localhost", port)) {
            assertThat(c.trace().toTable()).contains("offers a TLS 1.3 session ticket");
            assertThat(c.trace().steps()).contains(HandshakeStep.HELLO_RETRY_REQUEST);
            assertThat(Echo.reversedByOpenssl(c, "after retry")).isEqualTo("yrter retfa");
        }
    }


    @Test
    void aJsseServerIssuesTicketsAndTheSecondConnectionResumes() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pki.server().key(), "pw".toCharArray(), pki.server().chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, "pw".toCharArray());
        SSLContext jsse = SSLContext.getInstance("TLSv1.3");
        jsse.init(kmf.getKeyManagers(), null, null);
        AtomicInteger served = new AtomicInteger();
        try (SSLServerSocket listener = (SSLServerSocket) jsse.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        int b = in.read();
                        out.write(b); // one byte back: the client then has the tickets sent after the handshake
                        out.flush();
                        served.incrementAndGet();
                        in.read(); // until the client closes
                    } catch (Exception endOfTest) {
                        // the listener was closed, or a client went away
                    }
                }
            });
            TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build());
            try (TlsConnection first = transport.connect("localhost", listener.getLocalPort())) {
                first.output().write('a');
                first.output().flush();
                assertThat(first.input().read()).isEqualTo('a');
                assertThat(first.resumed()).isFalse();
            }
            try (TlsConnection second = transport.connect("localhost", listener.getLocalPort())) {
                assertThat(second.resumed()).as("resumed with the ticket of the first connection:%n%s", second.trace().toTable()).isTrue();
                second.output().write('b');
                second.output().flush();
                assertThat(second.input().read()).isEqualTo('b');
            }
            listener.close();
            acceptor.join(5_000);
        }
        assertThat(served.get()).isEqualTo(2);
    }
}
