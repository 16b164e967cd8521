package io.iotls.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.testkit.OpensslServer;
import io.iotls.testkit.TcpProxy;
import io.iotls.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection handed to the shared I/O thread ({@link TlsConnection#receiveOnIoThread}), against OpenSSL's
 * {@code s_server -rev}, which answers every line reversed: data arrives at the receiver whole, writes that do not wait
 * still all arrive, and the end of the connection, clean or by an alert, is reported once.
 */
class IoThreadReceiverTest {
    private final TestPki pki = SharedPki.get();

    @Test
    void linesWrittenWithoutWaitingAllComeBackToTheReceiver() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", server.port())) {
            CollectingReceiver collector = new CollectingReceiver();
            assertThat(c.receiveOnIoThread(collector)).isTrue();
            Random random = new Random(3);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 200; i++) { // 800 KB, far more than the socket buffers take at once
                char[] line = new char[3_999];
                for (int j = 0; j < line.length; j++) line[j] = (char) ('a' + random.nextInt(26));
                c.output().write((new String(line) + "\n").getBytes(StandardCharsets.US_ASCII));
                c.awaitWritable();
                expected.append(new StringBuilder(new String(line)).reverse()).append('\n');
            }
            assertThat(collector.awaitText(expected.length())).isEqualTo(expected.toString());
            assertThat(collector.thread.getName()).startsWith("iotls-io");
            assertThat(collector.ended).isNotDone();
        }
    }

    @Test
    void aWriterWaitsWhileTheNetworkIsStalledAndAllItWroteArrivesAfterwards() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = TcpProxy.to(server.address());
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", proxy.port())) {
            CollectingReceiver collector = new CollectingReceiver();
            c.receiveOnIoThread(collector);
            proxy.stall(true); // socket buffers fill; the rest waits in the connection's backlog
            String line = "x".repeat(9_999) + "\n";
            int lines = 2_000; // 20 MB
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < lines; i++) {
                        c.output().write(line.getBytes(StandardCharsets.US_ASCII));
                        c.awaitWritable();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            Thread.sleep(500);
            assertThat(writer).as("the writer waits for the stalled network").isNotDone();
            proxy.stall(false);
            writer.get(30, TimeUnit.SECONDS);
            assertThat(collector.awaitText(lines * line.length())).hasSize(lines * line.length());
        }
    }

    @Test
    void aReceiverThatThrowsEndsItsOwnConnectionOnlyAndTheIoThreadServesTheOthers() throws Exception {
        TlsTransport transport = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build());
        try (var first = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var second = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start(); // one client each
             var broken = transport.connect("localhost", first.port());
             var healthy = transport.connect("localhost", second.port())) {
            CompletableFuture<IOException> brokenEnded = new CompletableFuture<>();
            broken.receiveOnIoThread(new TlsConnection.Receiver() {
                @Override
                public void received(byte[] data, int offset, int length) {
                    throw new IllegalStateException("a bug in the receiver");
                }

                @Override
                public void closed(IOException cause) {
                    brokenEnded.complete(cause);
                }
            });
            CollectingReceiver collector = new CollectingReceiver();
            healthy.receiveOnIoThread(collector);
            broken.output().write("boom\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(brokenEnded.get(10, TimeUnit.SECONDS)).hasMessageContaining("a bug in the receiver");
            healthy.output().write("still here\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(collector.awaitText(11)).isEqualTo("ereh llits\n");
        }
    }

    @Test
    void aPeerThatGoesAwayEndsTheReceiverOnce() throws Exception {
        var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
        try (var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", server.port())) {
            CollectingReceiver collector = new CollectingReceiver();
            c.receiveOnIoThread(collector);
            c.output().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(collector.awaitText(5)).isEqualTo("gnip\n");
            server.close();
            assertThat(collector.ended.get(10, TimeUnit.SECONDS)).as("no cause: the peer closed").isEmpty();
        }
    }

    @Test
    void aRecordAlteredInTransitEndsTheReceiverWithTheAlert() throws Exception {
        try (var server = OpensslServer.builder().certificate(pki.serverCertFile(), pki.serverKeyFile()).start();
             var proxy = TcpProxy.to(server.address());
             var c = TlsTransport.create(TlsOptions.builder().caFile(pki.caFile()).build()).connect("localhost", proxy.port())) {
            CollectingReceiver collector = new CollectingReceiver();
            c.receiveOnIoThread(collector);
            c.output().write("first\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(collector.awaitText(6)).isEqualTo("tsrif\n");
            proxy.corruptNextToClient();
            c.output().write("second\n".getBytes(StandardCharsets.US_ASCII));
            IOException cause = collector.ended.get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(cause).isInstanceOf(TlsAlertException.class);
            assertThat(((TlsAlertException) cause).alert()).isEqualTo(TlsAlert.BAD_RECORD_MAC);
        }
    }
}
