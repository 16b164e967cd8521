package io.iotls.transport;

import io.iotls.transport.internal.handshake.PlainConnector;
import io.iotls.transport.internal.handshake.WebSocketUpgrades;
import io.iotls.transport.internal.io.LoopSocket;
import io.iotls.transport.internal.trace.TraceRecorder;
import io.iotls.transport.internal.websocket.WebSocketStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection without TLS, for {@code mqtt://} and {@code ws://}: plain TCP, or a WebSocket over it, direct or through
 * a proxy's tunnel. The same I/O model as {@link TlsConnection}: blocking reads first, then
 * {@link #receiveOnIoThread} hands reading to a shared I/O thread and writes never wait. Nothing here is secret or
 * authenticated: use TLS for anything that leaves a trusted network.
 */
public final class PlainConnection implements Closeable {
    private final Carrier carrier;

    /** What the two kinds have in common. */
    private interface Carrier extends WebSocketStream.Carrier {
        void write(byte[] head, byte[] body) throws IOException;
    }

    private PlainConnection(Carrier carrier) {
        this.carrier = carrier;
    }

    /**
     * Plain TCP to {@code host:port} (Nagle off), through {@code proxy} if present. Failures say what to check: an
     * unknown host, nothing listening, or (through a proxy) a {@link HandshakeException} at the proxy step.
     */
    public static PlainConnection tcp(String host, int port, Optional<TunnelProxy> proxy, Duration connectTimeout) throws IOException {
        return tcp(host, port, proxy, Optional.empty(), connectTimeout);
    }

    /** As {@link #tcp(String, int, Optional, Duration)}, from {@code localAddress} if present (mosquitto's {@code -A}). */
    public static PlainConnection tcp(String host, int port, Optional<TunnelProxy> proxy, Optional<java.net.InetAddress> localAddress,
                                      Duration connectTimeout) throws IOException {
        LoopSocket socket;
        if (proxy.isPresent() || localAddress.isPresent()) {
            socket = PlainConnector.connect(host, port, proxy, localAddress, connectTimeout, new TraceRecorder(host + ":" + port));
        } else {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException("unknown host '" + host + "': the name does not resolve; check it, or use an IP address");
            }
            try {
                socket = LoopSocket.connect(address, connectTimeout);
            } catch (ConnectException e) {
                throw new ConnectException("nothing accepts connections at " + host + ":" + port + " (" + e.getMessage()
                        + "): check host and port (MQTT is usually on 1883, over TLS on 8883)");
            }
        }
        return new PlainConnection(socketCarrier(socket));
    }

    /** A UNIX-domain socket of this machine (mosquitto's {@code listener 0 /path}, {@code --unix}). */
    public static PlainConnection unix(java.nio.file.Path path) throws IOException {
        try {
            return new PlainConnection(socketCarrier(LoopSocket.connectUnix(path)));
        } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
            throw new ConnectException("nothing accepts connections at the UNIX socket " + path + " (" + e.getMessage()
                    + "): check the path (mosquitto: 'listener 0 " + path + "') and that this user may open it");
        }
    }

    /**
     * A WebSocket ({@code ws://}, RFC 6455) to {@code host:port}: TCP (through {@code proxy} if present), then the
     * upgrade; data then travels in binary frames. A refused upgrade is a {@link HandshakeException} at step
     * {@link HandshakeStep#WEBSOCKET_UPGRADE}.
     */
    public static PlainConnection webSocket(String host, int port, Optional<TunnelProxy> proxy, WebSocketOptions options,
                                            Duration connectTimeout) throws IOException {
        return webSocket(host, port, proxy, Optional.empty(), options, connectTimeout);
    }

    /** As {@link #webSocket(String, int, Optional, WebSocketOptions, Duration)}, from {@code localAddress} if present. */
    public static PlainConnection webSocket(String host, int port, Optional<TunnelProxy> proxy, Optional<java.net.InetAddress> localAddress,
                                            WebSocketOptions options, Duration connectTimeout) throws IOException {
        WebSocketStream stream = WebSocketUpgrades.plain(host, port, proxy, localAddress, options, connectTimeout);
        return new PlainConnection(new Carrier() {
            @Override public InputStream input() { return stream.input(); }
            @Override public OutputStream output() { return stream.output(); }
            @Override public void write(byte[] head, byte[] body) throws IOException { stream.write(head, body); }
            @Override public void readTimeout(Duration timeout) throws IOException { stream.readTimeout(timeout); }
            @Override public void awaitWritable() throws IOException { stream.awaitWritable(); }
            @Override public boolean receiveOnIoThread(TlsConnection.Receiver r) throws IOException { return stream.receiveOnIoThread(r); }
            @Override public void receiving(boolean on) { stream.receiving(on); }
            @Override public void close() throws IOException { stream.close(); }
        });
    }

    private static Carrier socketCarrier(LoopSocket socket) {
        WebSocketStream.Carrier c = WebSocketStream.carrier(socket);
        return new Carrier() {
            @Override public InputStream input() { return c.input(); }
            @Override public OutputStream output() { return c.output(); }
            @Override public void write(byte[] head, byte[] body) throws IOException { // one segment, not two
                byte[] joined = java.util.Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, joined, head.length, body.length);
                socket.output().write(joined);
            }
            @Override public void readTimeout(Duration timeout) throws IOException { c.readTimeout(timeout); }
            @Override public void awaitWritable() throws IOException { c.awaitWritable(); }
            @Override public boolean receiveOnIoThread(TlsConnection.Receiver r) throws IOException { return c.receiveOnIoThread(r); }
            @Override public void receiving(boolean on) { c.receiving(on); }
            @Override public void close() throws IOException { c.close(); }
        };
    }

    /** Blocking reads; only until {@link #receiveOnIoThread}. */
    public InputStream input() { return carrier.input(); }

    /** Writes and sends at once (a WebSocket: one frame per write). Thread-safe. */
    public OutputStream output() { return carrier.output(); }

    /** {@code head} then {@code body}, sent together. */
    public void write(byte[] head, byte[] body) throws IOException { carrier.write(head, body); }

    /** How long a blocking read may wait; zero: forever. */
    public void readTimeout(Duration timeout) throws IOException { carrier.readTimeout(timeout); }

    /** As {@link TlsConnection#awaitWritable()}. */
    public void awaitWritable() throws IOException { carrier.awaitWritable(); }

    /** As {@link TlsConnection#receiveOnIoThread}. */
    public boolean receiveOnIoThread(TlsConnection.Receiver receiver) throws IOException { return carrier.receiveOnIoThread(receiver); }

    /** As {@link TlsConnection#receiving}. */
    public void receiving(boolean on) { carrier.receiving(on); }

    @Override
    public void close() throws IOException { carrier.close(); }
}
