package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsTransport;
import io.iotls.transport.internal.io.LoopSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Optional;

/** A byte stream to the broker: plain TCP, TLS, or WebSocket over plain TCP (over TLS it is a {@link Tls} link). */
public sealed interface Link extends Closeable permits Link.Tcp, Link.Tls, Link.Ws {
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
        if (options.usesWebSocket()) {
            return new Ws(io.iotls.transport.internal.handshake.WebSocketUpgrades.plain(options.host(), options.port(),
                    options.proxy(), options.webSocket().orElseThrow(), options.connectTimeout()));
        }
        if (options.proxy().isPresent()) {
            var trace = new io.iotls.transport.internal.trace.TraceRecorder(options.host() + ":" + options.port());
            return new Tcp(io.iotls.transport.internal.handshake.PlainConnector.connect(options.host(), options.port(),
                    options.proxy(), options.connectTimeout(), trace));
        }
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException("unknown host '" + options.host() + "': the name does not resolve; check it, or use an IP address");
        }
        try {
            return new Tcp(LoopSocket.connect(address, options.connectTimeout()));
        } catch (java.net.ConnectException e) {
            throw new java.net.ConnectException("nothing accepts connections at " + options.host() + ":" + options.port() + " ("
                    + e.getMessage() + "): check host and port (MQTT is usually on 1883, over TLS on 8883)");
        }
    }

    /** Plain TCP: blocking until CONNACK, then read by a shared I/O thread unless the options say otherwise. */
    record Tcp(LoopSocket socket) implements Link {
        @Override public InputStream input() { return socket.input(); }
        @Override public OutputStream output() { return socket.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { // one segment, not two
            socket.output().write(joined(head, body));
        }
        @Override public void readTimeout(java.time.Duration timeout) throws IOException { socket.readTimeout(timeout); }
        @Override public void awaitWritable() throws IOException { socket.awaitWritable(); }
        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
            socket.receiveOnIoThread(receiver);
            return true;
        }
        @Override public void receiving(boolean on) { socket.receiving(on); }
        @Override public Optional<TlsConnection> tls() { return Optional.empty(); }
        @Override public void close() throws IOException { socket.close(); }
    }

    /** WebSocket over plain TCP ({@code ws://}): MQTT's bytes in binary frames. */
    record Ws(io.iotls.transport.internal.websocket.WebSocketStream stream) implements Link {
        @Override public InputStream input() { return stream.input(); }
        @Override public OutputStream output() { return stream.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { stream.write(head, body); }
        @Override public void readTimeout(java.time.Duration timeout) throws IOException { stream.readTimeout(timeout); }
        @Override public void awaitWritable() throws IOException { stream.awaitWritable(); }
        @Override public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException {
            return stream.receiveOnIoThread(receiver);
        }
        @Override public void receiving(boolean on) { stream.receiving(on); }
        @Override public Optional<TlsConnection> tls() { return Optional.empty(); }
        @Override public void close() throws IOException { stream.close(); }
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
