package io.iotls.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.iotls.testkit.TempFiles;
import io.iotls.testkit.TestPki;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsOptions;
import io.iotls.transport.TlsServerEndpoint;
import io.iotls.transport.TlsServerOptions;
import io.iotls.transport.TlsTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's TLS front: bytes both ways, and a broker that hangs up is seen by the client at once. */
class TlsFrontTest {
    @Test
    void aBrokerThatClosesClosesTheClientsTlsConnection() throws Exception {
        TestPki pki = TestPki.create(TempFiles.directory("front"));
        try (ServerSocket broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TlsServerEndpoint front = TlsFront.start(TlsServerOptions.builder()
                     .certificate(pki.serverCertFile(), pki.serverKeyFile(), null).build(), broker.getLocalPort())) {
            Thread brokerThread = Thread.ofVirtual().start(() -> {
                try (Socket s = broker.accept()) {
                    byte[] hello = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(hello); // one answer, then the broker hangs up
                } catch (Exception ignored) {
                    // test ends
                }
            });
            TlsTransport tls = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build());
            try (TlsConnection c = tls.connect("localhost", front.address().getPort())) {
                c.readTimeout(Duration.ofSeconds(5));
                c.output().write("hello".getBytes());
                assertThat(new String(c.input().readNBytes(5))).isEqualTo("hello");
                long start = System.nanoTime();
                Throwable end = catchThrowable(() -> assertThat(c.input().read()).isEqualTo(-1));
                assertThat(end).as("end of stream, not a read timeout").isNull();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
            brokerThread.join(2000);
        }
    }
}
