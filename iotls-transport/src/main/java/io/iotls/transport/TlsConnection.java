package io.iotls.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An established TLS connection. Streams are safe for one reader and any number of writers at once.
 * A TLS alert that arrives after the handshake but before any application data (TLS 1.3 servers reject a client
 * certificate only after the client's Finished) surfaces from {@code read} as a {@link HandshakeException}.
 */
public interface TlsConnection extends Closeable {
    InputStream input();

    OutputStream output();

    /**
     * Writes {@code head} and then {@code body} as application data and sends them, as {@code output().write} of the two
     * joined would, without joining them first: a large message after a small header needs no copy into one array.
     */
    default void write(byte[] head, byte[] body) throws IOException {
        byte[] joined = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, joined, head.length, body.length);
        output().write(joined);
    }

    /** The handshake, step by step. */
    HandshakeTrace trace();

    /**
     * What the TLS layer received after the handshake, so far, oldest first: session tickets, key updates, a
     * server's request to renegotiate, each with what it carried and iotls' answer (the newest 32 are kept). Times
     * are from the start of the connection, as the handshake's. Empty without TLS.
     */
    default List<TraceEntry> afterHandshake() {
        return List.of();
    }

    TlsVersion version();

    CipherSuite cipherSuite();

    boolean resumed();

    /** The peer's certificate chain as sent, leaf first; empty with PSK or a resumed session. */
    List<X509Certificate> peerCertificates();

    /** The ALPN protocol the server chose, if any. */
    Optional<String> applicationProtocol();

    InetSocketAddress remoteAddress();

    /**
     * Waits up to {@code wait} for a late handshake alert (TLS 1.3 client-certificate rejection). Returns normally if
     * none came; data that arrives meanwhile stays readable. Throws the {@link HandshakeException} the alert means.
     */
    void awaitLateAlert(Duration wait) throws IOException;

    /** How long a read may block before it throws {@link java.net.SocketTimeoutException}; zero waits forever (default). */
    void readTimeout(Duration timeout);

    /**
     * True when the calling thread is one of iotls' shared I/O threads: in a {@link Receiver}, or in code such a thread
     * runs (a future it completes, a handler run there). Nothing may block there: each of those threads serves many
     * connections, and one waiting for data only it can read waits forever.
     */
    static boolean onIoThread() {
        return io.iotls.transport.internal.io.IoThreads.isCurrent();
    }

    /**
     * Receives what the peer sends, pushed from iotls' shared I/O thread ({@link #receiveOnIoThread}) instead of read
     * from {@link #input()}. Both methods run on that thread, which serves every such connection: they must not block.
     */
    interface Receiver {
        /** Decrypted application data; the array is reused once this returns. */
        void received(byte[] data, int offset, int length) throws IOException;

        /** The connection ended: {@code cause} null when the peer closed it, else why it failed. Called once. */
        void closed(IOException cause);
    }

    /**
     * From now on, data arrives at {@code receiver} from a shared I/O thread (a selector serving many connections,
     * woken by the operating system's readiness events; one per two cores) and {@link #input()} must no longer be read. Data already received
     * is delivered first. Writes no longer wait for the network: what the socket cannot take at once is queued and
     * sent by that thread. A writer that must not run ahead of the network calls {@link #awaitWritable()}.
     * @return false if this connection cannot (it then stays as it was)
     */
    default boolean receiveOnIoThread(Receiver receiver) throws IOException {
        return false;
    }

    /**
     * With a {@link Receiver}: {@code false} stops reading from the socket (the peer's sends then wait in the network,
     * as with a reader that stops reading), {@code true} goes on. Safe from any thread.
     */
    default void receiving(boolean on) {}

    /**
     * With a {@link Receiver}: waits while more than 64 KiB are queued for the network, and throws if sending failed.
     * Returns at once otherwise, and on the I/O thread (which never waits).
     */
    default void awaitWritable() throws IOException {}

    /** Sends close_notify and closes the socket. */
    @Override
    void close() throws IOException;
}
