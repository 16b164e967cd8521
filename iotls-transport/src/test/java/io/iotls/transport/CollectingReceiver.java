package io.iotls.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TlsConnection.Receiver} for tests: collects what arrives and the thread it arrives on; {@code ended}
 * completes with the cause given to {@code closed} (empty if none), and a second {@code closed} fails the test.
 */
public class CollectingReceiver implements TlsConnection.Receiver {
    public final ByteArrayOutputStream data = new ByteArrayOutputStream();
    public final CompletableFuture<Optional<IOException>> ended = new CompletableFuture<>();
    public volatile Thread thread;

    @Override
    public synchronized void received(byte[] bytes, int offset, int length) throws IOException {
        thread = Thread.currentThread();
        data.write(bytes, offset, length);
        notifyAll();
    }

    @Override
    public void closed(IOException cause) {
        if (!ended.complete(Optional.ofNullable(cause))) throw new AssertionError("closed twice");
    }

    /** What arrived once {@code length} bytes have, or after 10 s. */
    public synchronized String awaitText(int length) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (data.size() < length && System.nanoTime() < deadline) wait(100);
        return data.toString(StandardCharsets.US_ASCII);
    }
}
