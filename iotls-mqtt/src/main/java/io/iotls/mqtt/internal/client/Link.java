package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsTransport;
import io.iotls.transport.PlainConnection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** A byte stream to the broker: without TLS (TCP or WebSocket), or TLS (with or without a WebSocket on it). */
public sealed interface Link extends Closeable permits Link.Plain, Link.Tls, PacketLog.Logged {
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
    void awaitWritable() throws IOException;

    /**
     * Hands reading to a shared I/O thread (see {@link TlsConnection#receiveOnIoThread}); writes then never wait.
     * @return false if this link cannot
     */
    boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException;

    /** Stops or resumes reading on the I/O thread. */
    void receiving(boolean on);

    /** How long a read of {@link #input()} may block before it throws {@link java.net.SocketTimeoutException}; zero: forever. */
    void readTimeout(java.time.Duration timeout) throws IOException;

    /** The TLS connection, for its handshake trace; empty over plain TCP. */
    Optional<TlsConnection> tls();

    static Link open(MqttClientOptions options, TlsTransport tls) throws IOException {
        if (options.usesTls()) {
            TlsConnection c = tls.connect(options.host(), options.port(), options.webSocket().orElse(null));
            return new Tls(c, c.input());
        }
        PlainConnection plain = options.unixSocket().isPresent() ? PlainConnection.unix(options.unixSocket().get())
                : options.usesWebSocket()
                ? PlainConnection.webSocket(options.host(), options.port(), options.proxy(), options.localAddress(),
                        options.webSocket().orElseThrow(), options.connectTimeout())
                : PlainConnection.tcp(options.host(), options.port(), options.proxy(), options.localAddress(), options.connectTimeout());
        return new Plain(plain);
    }

    /** Without TLS ({@code mqtt://}, {@code ws://}): blocking until CONNACK, then read by a shared I/O thread unless the options say otherwise. */
    record Plain(PlainConnection connection) implements Link {
        @Override public InputStream input() { return connection.input(); }
        @Override public OutputStream output() { return connection.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { connection.write(head, body); }
        @Override public void readTimeout(java.time.Duration timeout) throws IOException { connection.readTimeout(timeout); }
        @Override public void awaitWritable() throws IOException { connection.awaitWritable(); }
        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
            return connection.receiveOnIoThread(receiver);
        }
        @Override public void receiving(boolean on) { connection.receiving(on); }
        @Override public Optional<TlsConnection> tls() { return Optional.empty(); }
        @Override public void close() throws IOException { connection.close(); }
    }

    record Tls(TlsConnection connection, InputStream input) implements Link {
        @Override public OutputStream output() { return connection.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { connection.write(head, body); }
        @Override public void readTimeout(java.time.Duration timeout) { connection.readTimeout(timeout); }
        @Override public void awaitWritable() throws IOException { connection.awaitWritable(); }
        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
            return connection.receiveOnIoThread(receiver);
        }
        @Override public void receiving(boolean on) { connection.receiving(on); }
        @Override public Optional<TlsConnection> tls() { return Optional.of(connection); }
        @Override public void close() throws IOException { connection.close(); }
    }
}
