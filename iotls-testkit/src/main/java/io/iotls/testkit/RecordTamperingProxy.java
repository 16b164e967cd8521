package io.iotls.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A man in the middle at the TLS record layer, on 127.0.0.1 and a free port, for tests of how a client copes with a
 * real server's records changed on the way: it reads whole records in each direction and a {@link Rule} decides what
 * goes on instead (the record, nothing, other records, or records sent back the other way). Only what is readable on
 * the wire can be changed meaningfully: the plaintext handshake before encryption, record headers, CCS, alerts. One
 * connection at a time; each direction is pumped by its own virtual thread, and the rule is called under one lock.
 */
public final class RecordTamperingProxy implements AutoCloseable {
    public enum Direction { TO_SERVER, TO_CLIENT }

    /** One record read from the wire: its direction, its number among the records of that direction and type. */
    public record Record(Direction direction, int index, int type, int version, byte[] fragment) {
        public byte[] encoded() {
            return RecordTamperingProxy.record(type, version, fragment);
        }
    }

    /** Sends records on their way; {@link #back} sends them the other way (to the side the record came from). */
    public interface Wire {
        void back(byte[] records) throws IOException;
    }

    /** What to send on instead of {@code r}: its encoding to forward it, nothing to drop it, or anything else. */
    @FunctionalInterface
    public interface Rule {
        List<byte[]> apply(Record r, Wire wire) throws IOException;
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Rule rule;
    private final Object ruleLock = new Object();
    private volatile boolean closed;

    private RecordTamperingProxy(InetSocketAddress target, Rule rule) throws IOException {
        this.target = target;
        this.rule = rule;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("record-proxy").start(this::acceptLoop);
    }

    public static RecordTamperingProxy to(InetSocketAddress target, Rule rule) throws IOException {
        return new RecordTamperingProxy(target, rule);
    }

    /**
     * Put last in what a rule returns: the bytes before it are sent, then that direction's connection is closed (a
     * server that stops in the middle of a message, for example).
     */
    public static final byte[] THEN_CLOSE = new byte[0];

    public int port() {
        return listener.getLocalPort();
    }

    /** A record of {@code type} (22 handshake, 20 CCS, 21 alert, 23 application data) with this fragment. */
    public static byte[] record(int type, int version, byte[] fragment) {
        byte[] r = new byte[5 + fragment.length];
        r[0] = (byte) type;
        r[1] = (byte) (version >> 8);
        r[2] = (byte) version;
        r[3] = (byte) (fragment.length >> 8);
        r[4] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 5, fragment.length);
        return r;
    }

    private void acceptLoop() {
        while (!closed) {
            try (Socket client = listener.accept(); Socket server = new Socket()) {
                server.connect(target, 5_000);
                AtomicInteger toServer = new AtomicInteger(), toClient = new AtomicInteger();
                Thread up = Thread.ofVirtual().start(() -> pump(client, server, Direction.TO_SERVER, toServer));
                pump(server, client, Direction.TO_CLIENT, toClient);
                up.join(5_000);
            } catch (IOException | InterruptedException e) {
                if (closed) return;
            }
        }
    }

    /** Reads records from {@code from} and writes what the rule says to {@code to}; ends both sockets at the end. */
    private void pump(Socket from, Socket to, Direction direction, AtomicInteger count) {
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            OutputStream backOut = from.getOutputStream();
            Wire wire = records -> {
                synchronized (backOut) {
                    backOut.write(records);
                    backOut.flush();
                }
            };
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException e) {
                    break;
                }
                int version = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                byte[] fragment = in.readNBytes(length);
                if (fragment.length < length) break;
                List<byte[]> send;
                synchronized (ruleLock) {
                    send = rule.apply(new Record(direction, count.getAndIncrement(), type, version, fragment), wire);
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                boolean thenClose = false;
                for (byte[] b : send) {
                    if (b == THEN_CLOSE) thenClose = true;
                    else all.writeBytes(b);
                }
                synchronized (out) {
                    out.write(all.toByteArray());
                    out.flush();
                }
                if (thenClose) break;
            }
        } catch (IOException e) {
            // the other side ended; fall through and end this one
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
