package io.iotls.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IoLoopTest {

    @Test
    void aTaskQueuedWhileHandlingAReadRunsWithoutWaitingForAnotherEvent() throws Exception {
        IoLoop loop = IoLoop.next();
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel peer = server.accept()) {
            client.configureBlocking(false);
            CountDownLatch queuedTaskRan = new CountDownLatch(1);
            CountDownLatch registered = new CountDownLatch(1);
            loop.register(client, new IoLoop.Handler() {
                @Override
                public void readable() {
                    try {
                        client.read(ByteBuffer.allocate(16));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    loop.execute(queuedTaskRan::countDown); // on the loop thread, during dispatch: no wakeup() of its own
                }

                @Override
                public void writable() {}

                @Override
                public void failed(IOException cause) {}
            }, key -> registered.countDown());
            assertThat(registered.await(5, TimeUnit.SECONDS)).as("registered within 5 s").isTrue();
            peer.write(ByteBuffer.wrap(new byte[] {1})); // one event, then silence
            assertThat(queuedTaskRan.await(5, TimeUnit.SECONDS)).as("the task the loop queued for itself ran within 5 s").isTrue();
        }
    }
}
