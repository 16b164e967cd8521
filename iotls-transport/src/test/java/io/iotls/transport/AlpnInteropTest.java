package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TestPki;
import org.junit.jupiter.api.Test;

/**
 * ALPN against OpenSSL's s_server: the protocol a server picks is the connection's, and shows in the trace. The
 * values are the real ones: AWS IoT Core takes MQTT with X.509 client certificates on port 443 as "x-amzn-mqtt-ca",
 * and "mqtt" there is for its custom authentication.
 */
class AlpnInteropTest {
    private final TestPki pki = SharedPki.get();

    @Test
    void theProtocolTheServerSelectsIsTheConnectionsAndIsTraced() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile())
                .arg("-alpn", "x-amzn-mqtt-ca").start();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).alpn("mqtt", "x-amzn-mqtt-ca").build())
                     .connect("localhost", server.port())) {
            assertThat(c.applicationProtocol()).contains("x-amzn-mqtt-ca");
            assertThat(c.trace().toTable()).contains("ALPN mqtt,x-amzn-mqtt-ca", "ALPN: x-amzn-mqtt-ca");
        }
    }

    @Test
    void aServerWithoutOurProtocolLeavesTheConnectionWithoutOne() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             TlsConnection c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).alpn("x-amzn-mqtt-ca").build())
                     .connect("localhost", server.port())) {
            assertThat(c.applicationProtocol()).isEmpty();
        }
    }
}
