package io.iotls.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;

/**
 * The wire's limit for a Java process: a bare JSSE socket writing pre-encoded MQTT 3.1.1 packets; one virtual thread
 * reads what comes back (PUBACK, SUBACK, PUBLISH) with a minimal frame parser. No client library at all.
 */
final class RawJsseContender implements Contender {
    private final JsseMaterial jsse = new JsseMaterial();

    @Override
    public String name() {
        return "raw JSSE";
    }

    @Override
    public Session connect(Target t, String clientId) throws Exception {
        SSLSocket socket = (SSLSocket) jsse.newContext(t).getSocketFactory().createSocket(t.host(), t.port());
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 32 * 1024));
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] connect = new byte[14 + id.length];
        byte[] head = {0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, (byte) id.length};
        System.arraycopy(head, 0, connect, 0, head.length);
        System.arraycopy(id, 0, connect, head.length, id.length);
        out.write(connect);
        out.flush();
        byte[] connack = new byte[4];
        in.readFully(connack); // nothing else can arrive before CONNACK
        if (connack[0] != 0x20 || connack[3] != 0) throw new IOException("CONNACK refused");
        ArrayDeque<CompletableFuture<Void>> awaiting = new ArrayDeque<>();
        ReentrantLock lock = new ReentrantLock();
        AtomicReference<Runnable> onPublish = new AtomicReference<>(() -> {});
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                byte[] body = new byte[256];
                while (true) {
                    int type = in.readUnsignedByte() >> 4;
                    int length = 0;
                    for (int shift = 0, b; ; shift += 7) { // remaining length
                        b = in.readUnsignedByte();
                        length |= (b & 0x7F) << shift;
                        if ((b & 0x80) == 0) break;
                    }
                    if (length > body.length) body = new byte[length];
                    in.readFully(body, 0, length);
                    if (type == 3) { // PUBLISH
                        onPublish.get().run();
                    } else if (type == 4 || type == 9) { // PUBACK, SUBACK: mosquitto answers in order
                        CompletableFuture<Void> f;
                        lock.lock();
                        try {
                            f = awaiting.pollFirst();
                        } finally {
                            lock.unlock();
                        }
                        if (f != null) f.complete(null);
                    }
                }
            } catch (IOException closed) {
                // end of connection
            }
        });
        return new Session() {
            private int nextId = 1;

            @Override
            public CompletableFuture<?> publish(String topic, byte[] payload, int qos) throws IOException {
                byte[] tb = topic.getBytes(StandardCharsets.UTF_8);
                int remaining = 2 + tb.length + (qos > 0 ? 2 : 0) + payload.length;
                lock.lock();
                try {
                    out.write(0x30 | (qos << 1));
                    for (int v = remaining; ; ) { // remaining length
                        int digit = v % 128;
                        v /= 128;
                        out.write(v > 0 ? digit | 0x80 : digit);
                        if (v == 0) break;
                    }
                    out.write(tb.length >> 8);
                    out.write(tb.length & 0xFF);
                    out.write(tb);
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    if (qos > 0) {
                        int pid = nextId;
                        nextId = nextId == 65535 ? 1 : nextId + 1;
                        out.write(pid >> 8);
                        out.write(pid & 0xFF);
                        awaiting.addLast(f); // mosquitto acknowledges in order
                    } else {
                        f.complete(null);
                    }
                    out.write(payload);
                    out.flush();
                    return f;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void subscribe(String filter, Runnable onMessage) throws Exception {
                onPublish.set(onMessage);
                byte[] fb = filter.getBytes(StandardCharsets.UTF_8);
                if (fb.length > 120) throw new IllegalArgumentException("the raw baseline writes short filters only");
                CompletableFuture<Void> subAck = new CompletableFuture<>();
                lock.lock();
                try {
                    out.write(0x82);
                    out.write(5 + fb.length);
                    out.write(0);
                    out.write(1); // packet id 1: QoS 1 publishes start at 1 as well, but this session has none pending
                    out.write(fb.length >> 8);
                    out.write(fb.length & 0xFF);
                    out.write(fb);
                    out.write(0); // QoS 0
                    awaiting.addLast(subAck);
                    out.flush();
                } finally {
                    lock.unlock();
                }
                subAck.get(10, TimeUnit.SECONDS);
            }

            @Override
            public void close() throws IOException {
                lock.lock();
                try {
                    out.write(new byte[] {(byte) 0xE0, 0});
                    out.flush();
                } finally {
                    lock.unlock();
                }
                socket.close();
                reader.interrupt();
            }
        };
    }
}
