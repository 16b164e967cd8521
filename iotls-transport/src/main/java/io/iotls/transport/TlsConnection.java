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

    /** Sends close_notify and closes the socket. */
    @Override
    void close() throws IOException;
}
