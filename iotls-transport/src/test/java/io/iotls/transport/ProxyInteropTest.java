package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.ProxyServer;
import io.iotls.testkit.TestPki;
import org.junit.jupiter.api.Test;

/**
 * TLS to a broker (OpenSSL's s_server) through real proxies started on the loopback: tinyproxy for HTTP CONNECT and
 * microsocks for SOCKS5, with and without credentials, and the refusals named as the proxy's, not as TLS errors.
 */
class ProxyInteropTest {
    private final TestPki pki = SharedPki.get();


    private TlsConnection through(TunnelProxy proxy, int brokerPort) throws Exception {
        return TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).proxy(proxy).build()).connect("localhost", brokerPort);
    }

    @Test
    void tlsThroughAnHttpConnectTunnelShowsTheTunnelAsAStep() throws Exception {
        try (var broker = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = ProxyServer.http(null, null);
             TlsConnection c = through(TunnelProxy.http("127.0.0.1", proxy.port()), broker.port())) {
            assertThat(Echo.reversedByOpenssl(c, "through tinyproxy")).isEqualTo("yxorpynit hguorht");
            assertThat(c.trace().steps()).startsWith(HandshakeStep.TCP_CONNECT, HandshakeStep.PROXY_TUNNEL, HandshakeStep.CLIENT_HELLO);
            assertThat(c.trace().toTable()).contains("tunnel to localhost:" + broker.port(), "200");
            assertThat(proxy.log()).contains("CONNECT");
        }
    }

    @Test
    void anHttpProxyThatWantsAPasswordGetsItAndAWrongOneIsNamedAsTheProxysRefusal() throws Exception {
        try (var broker = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = ProxyServer.http("plant", "s3cret-proxy-pass")) {
            try (TlsConnection c = through(TunnelProxy.parse("http://plant:s3cret-proxy-pass@127.0.0.1:" + proxy.port()), broker.port())) {
                assertThat(Echo.reversedByOpenssl(c, "ok")).isEqualTo("ko");
            }
            HandshakeException wrong = catchThrowableOfType(HandshakeException.class,
                    () -> through(TunnelProxy.parse("http://plant:wrong-pass@127.0.0.1:" + proxy.port()), broker.port()).close());
            assertThat(wrong.reason()).isEqualTo(FailureReason.PROXY_REFUSED);
            assertThat(wrong.step()).isEqualTo(HandshakeStep.PROXY_TUNNEL);
            assertThat(wrong.getMessage()).contains("TLS connection failed at the proxy tunnel", "wants authentication",
                    "the user or password given is wrong").doesNotContain("wrong-pass");
            HandshakeException none = catchThrowableOfType(HandshakeException.class,
                    () -> through(TunnelProxy.http("127.0.0.1", proxy.port()), broker.port()).close());
            assertThat(none.getMessage()).contains("wants authentication", "give user:password in the proxy URL");
        }
    }

    @Test
    void tlsThroughSocks5WithTheNameResolvedByTheProxyAndUserPassword() throws Exception {
        try (var broker = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = ProxyServer.socks5("plant", "socks-pass")) {
            try (TlsConnection c = through(TunnelProxy.parse("socks5h://plant:socks-pass@127.0.0.1:" + proxy.port()), broker.port())) {
                assertThat(Echo.reversedByOpenssl(c, "socks")).isEqualTo("skcos");
                assertThat(c.trace().toTable()).contains("SOCKS5 proxy", "the proxy resolved localhost");
            }
            HandshakeException wrong = catchThrowableOfType(HandshakeException.class,
                    () -> through(TunnelProxy.parse("socks5h://plant:nope@127.0.0.1:" + proxy.port()), broker.port()).close());
            assertThat(wrong.reason()).isEqualTo(FailureReason.PROXY_REFUSED);
            assertThat(wrong.getMessage()).contains("refused the user or password").doesNotContain("nope");
        }
    }

    @Test
    void aSocks5TunnelToAPortWhereNothingListensIsTheProxysAnswerNotATlsError() throws Exception {
        int closedPort = io.iotls.testkit.FreePort.find();
        try (var proxy = ProxyServer.socks5(null, null)) {
            HandshakeException e = catchThrowableOfType(HandshakeException.class,
                    () -> through(TunnelProxy.socks5("127.0.0.1", proxy.port(), false), closedPort).close());
            assertThat(e.reason()).isEqualTo(FailureReason.PROXY_REFUSED);
            assertThat(e.step()).isEqualTo(HandshakeStep.PROXY_TUNNEL);
            assertThat(e.getMessage()).contains("refused the tunnel to localhost:" + closedPort);
        }
    }
}
