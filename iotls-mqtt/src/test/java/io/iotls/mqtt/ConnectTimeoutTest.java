package io.iotls.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotls.testkit.OpensslServer;
import io.iotls.transport.TlsOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that takes the connection and never answers CONNECT: connect fails after its timeout, it does not hang. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression hangs connect: fail instead
class ConnectTimeoutTest extends BrokerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(700);

    @Test
    void overPlainTcp() throws Exception {
        ServerSocket silent = closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> { // accepts, reads nothing, answers nothing
            try {
                Socket held = silent.accept();
                closeLater(held);
            } catch (Exception ignored) {
                // the test is over
            }
        });
        MqttClient c = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://127.0.0.1:" + silent.getLocalPort())
                .connectTimeout(TIMEOUT).build()));
        assertNoConnAckFailure(c);
    }

    @Test
    void overAUnixSocket() throws Exception {
        java.nio.file.Path path = io.iotls.testkit.TempFiles.directory("unix").resolve("silent.sock");
        var silent = closeLater(java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX));
        silent.bind(java.net.UnixDomainSocketAddress.of(path));
        Thread.ofVirtual().start(() -> { // accepts, reads nothing, answers nothing
            try {
                closeLater(silent.accept());
            } catch (Exception ignored) {
                // the test is over
            }
        });
        MqttClient c = closeLater(MqttClient.create(MqttClientOptions.builder("mqtt://localhost").unixSocket(path)
                .connectTimeout(TIMEOUT).build()));
        assertNoConnAckFailure(c);
    }

    @Test
    void overTls() throws Exception {
        // openssl s_server completes the TLS handshake, then only prints what it receives
        var server = closeLater(OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start());
        MqttClient c = closeLater(MqttClient.create(MqttClientOptions.builder("mqtts://localhost:" + server.port())
                .tls(TlsOptions.builder().caFile(pki.caFile()).build()).connectTimeout(TIMEOUT).build()));
        assertNoConnAckFailure(c);
    }

    private static void assertNoConnAckFailure(MqttClient c) {
        assertThatThrownBy(c::connect).isInstanceOf(MqttException.class).hasMessage("no CONNACK within 700 ms");
        assertThat(c.isConnected()).isFalse();
    }
}
