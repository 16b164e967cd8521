package io.iotls.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotls.transport.CollectingReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain TCP connection that starts with blocking streams and moves to the shared I/O thread: bytes read ahead before
 * the move arrive first, the peer's close is reported once, and a receiver that rejects data may still write.
 */
class LoopSocketTest {
    private ServerSocket server;
    private Socket peer;
    private LoopSocket socket;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        socket = LoopSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), Duration.ofSeconds(5));
        peer = accepted.get(5, TimeUnit.SECONDS);
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        peer.close();
        server.close();
    }

    @Test
    void bytesReadAheadBeforeTheMoveArriveFirstThenTheRestInOrder() throws Exception {
        peer.getOutputStream().write("hello|first|second|".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.input();
        assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello|"); // the rest is buffered
        CollectingReceiver collector = new CollectingReceiver();
        socket.receiveOnIoThread(collector);
        peer.getOutputStream().write("third|".getBytes(StandardCharsets.US_ASCII));
        assertThat(collector.awaitText(19)).isEqualTo("first|second|third|");
    }

    @Test
    void writesGoOutBeforeAndAfterTheMove() throws Exception {
        socket.output().write("before|".getBytes(StandardCharsets.US_ASCII));
        socket.receiveOnIoThread(new CollectingReceiver());
        byte[] big = new byte[4 << 20]; // far more than the socket buffers take: queued, then sent by the I/O thread
        socket.output().write(big);
        socket.output().write("after".getBytes(StandardCharsets.US_ASCII));
        byte[] got = peer.getInputStream().readNBytes(7 + big.length + 5);
        assertThat(new String(got, 0, 7, StandardCharsets.US_ASCII)).isEqualTo("before|");
        assertThat(new String(got, 7 + big.length, 5, StandardCharsets.US_ASCII)).isEqualTo("after");
    }

    @Test
    void thePeersCloseIsReportedOnceWithoutACause() throws Exception {
        CollectingReceiver collector = new CollectingReceiver();
        socket.receiveOnIoThread(collector);
        peer.close();
        assertThat(collector.ended.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void ourOwnCloseIsNotReported() throws Exception {
        CollectingReceiver collector = new CollectingReceiver();
        socket.receiveOnIoThread(collector);
        socket.close();
        peer.getOutputStream().write(1); // the loop may still see the socket: nothing must reach the receiver
        Thread.sleep(200);
        assertThat(collector.ended).isNotDone();
    }

    @Test
    void aReceiverThatRejectsDataEndsReadingButMayStillWrite() throws Exception {
        CollectingReceiver collector = new CollectingReceiver() {
            @Override
            public synchronized void received(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("malformed");
            }
        };
        socket.receiveOnIoThread(collector);
        peer.getOutputStream().write("garbage".getBytes(StandardCharsets.US_ASCII));
        assertThat(collector.ended.get(5, TimeUnit.SECONDS)).hasValueSatisfying(e -> assertThat(e).hasMessage("malformed"));
        socket.output().write("goodbye".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(peer.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("goodbye");
    }
}
