package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsTransport;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** A byte stream to the broker: plain TCP or TLS. */
public sealed interface Link extends Closeable permits Link.Tcp, Link.Tls {
    InputStream input();

    OutputStream output();

    /** Writes {@code head}, then {@code body}, and sends them (see {@link TlsConnection#write(byte[], byte[])}). */
    void write(byte[] head, byte[] body) throws IOException;

    /** {@code head} followed by {@code body}, in one new array. */
    static byte[] joined(byte[] head, byte[] body) {
        byte[] joined = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, joined, head.length, body.length);
        return joined;
    }

    /** Waits while the network is behind, if writes do not wait themselves (see {@link TlsConnection#awaitWritable()}). */
    default void awaitWritable() throws IOException {
        if (tls().isPresent()) tls().get().awaitWritable();
    }

    /** How long a read of {@link #input()} may block before it throws {@link java.net.SocketTimeoutException}; zero: forever. */
    void readTimeout(java.time.Duration timeout) throws IOException;

    /** The TLS connection, for its handshake trace; empty over plain TCP. */
    Optional<TlsConnection> tls();

    /**
     * Plain TCP reads are buffered: the frame reader takes a packet's header byte by byte. A TLS connection's input is
     * already a buffer (the decrypted record), so it needs none of its own.
     */
    int READ_BUFFER = 1024;

    static Link open(MqttClientOptions options, TlsTransport tls) throws IOException {
        if (options.usesTls()) {
            TlsConnection c = tls.connect(options.host(), options.port());
            return new Tls(c, c.input());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(options.host(), options.port()), (int) options.connectTimeout().toMillis());
            return new Tcp(socket, new java.io.BufferedInputStream(socket.getInputStream(), READ_BUFFER), socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    record Tcp(Socket socket, InputStream input, OutputStream output) implements Link {
        @Override public void write(byte[] head, byte[] body) throws IOException { // one segment, not two
            output.write(joined(head, body));
            output.flush();
        }
        @Override public void readTimeout(java.time.Duration timeout) throws IOException { socket.setSoTimeout((int) timeout.toMillis()); }
        @Override public Optional<TlsConnection> tls() { return Optional.empty(); }
        @Override public void close() throws IOException { socket.close(); }
    }

    record Tls(TlsConnection connection, InputStream input) implements Link {
        @Override public OutputStream output() { return connection.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { connection.write(head, body); }
        @Override public void readTimeout(java.time.Duration timeout) { connection.readTimeout(timeout); }
        @Override public Optional<TlsConnection> tls() { return Optional.of(connection); }
        @Override public void close() throws IOException { connection.close(); }
    }
}
