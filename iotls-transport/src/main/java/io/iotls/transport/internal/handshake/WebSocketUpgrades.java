package io.iotls.transport.internal.handshake;

import io.iotls.transport.CipherSuite;
import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.HandshakeTrace;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TlsVersion;
import io.iotls.transport.TraceEntry;
import io.iotls.transport.TunnelProxy;
import io.iotls.transport.WebSocketOptions;
import io.iotls.transport.internal.io.LoopSocket;
import io.iotls.transport.internal.trace.TraceRecorder;
import io.iotls.transport.internal.websocket.Upgrade;
import io.iotls.transport.internal.websocket.WebSocketStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket upgrade as one more step of a connection: after the TLS handshake ({@code wss://}) or the TCP connect
 * ({@code ws://}), recorded in the trace, and a refusal reported as a {@link HandshakeException} at that step.
 */
public final class WebSocketUpgrades {
    private WebSocketUpgrades() {}

    /** Upgrades an established TLS connection; the connection returned carries data in WebSocket frames. */
    static TlsConnection overTls(TlsConnection tls, String host, int port, WebSocketOptions options,
                                 Duration timeout) throws IOException {
        TraceRecorder upgrade = new TraceRecorder(host + ":" + port);
        WebSocketStream stream = upgrade(WebSocketStream.carrier(tls), upgrade, tls.trace(), host, port, true, options, timeout);
        return new WebSocketTlsConnection(tls, stream, joined(tls.trace(), upgrade.snapshot()));
    }

    /** The TLS handshake's trace followed by the upgrade's steps and warnings. */
    private static HandshakeTrace joined(HandshakeTrace tls, HandshakeTrace upgrade) {
        if (tls == null) return upgrade;
        List<TraceEntry> entries = new ArrayList<>(tls.entries());
        entries.addAll(upgrade.entries());
        List<String> warnings = new ArrayList<>(tls.warnings());
        warnings.addAll(upgrade.warnings());
        return new HandshakeTrace(tls.peer(), entries, tls.version(), tls.cipherSuite(), tls.resumed(), tls.peerChain(),
                tls.verdict(), warnings);
    }

    /** A plain TCP connection ({@code ws://}) to {@code host:port}, through {@code proxy} if present, upgraded. */
    public static WebSocketStream plain(String host, int port, Optional<TunnelProxy> proxy, Optional<java.net.InetAddress> local,
                                        WebSocketOptions options, Duration timeout) throws IOException {
        TraceRecorder trace = new TraceRecorder(host + ":" + port);
        LoopSocket socket = PlainConnector.connect(host, port, proxy, local, timeout, trace);
        try {
            return upgrade(WebSocketStream.carrier(socket), trace, null, host, port, false, options, timeout);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** @param before the TLS handshake's trace that the upgrade's follows, or null over plain TCP */
    private static WebSocketStream upgrade(WebSocketStream.Carrier carrier, TraceRecorder trace, HandshakeTrace before,
                                           String host, int port, boolean secure, WebSocketOptions options, Duration timeout)
            throws IOException {
        try {
            carrier.readTimeout(timeout);
            Upgrade.Accepted accepted = Upgrade.request(carrier.input(), carrier.output(), host, port, secure, options);
            carrier.readTimeout(Duration.ZERO);
            trace.step(HandshakeStep.WEBSOCKET_UPGRADE, "GET " + options.path() + " -> " + accepted.statusLine(),
                    accepted.subprotocol().isEmpty() ? "no subprotocol chosen" : "subprotocol " + accepted.subprotocol());
            accepted.warnings().forEach(trace::warning);
            return new WebSocketStream(carrier);
        } catch (HandshakeException e) {
            throw e; // a late TLS alert (a TLS 1.3 broker refusing our certificate), already named
        } catch (Upgrade.Refused e) {
            trace.step(HandshakeStep.WEBSOCKET_UPGRADE, "GET " + options.path() + " refused: " + e.getMessage());
            throw HandshakeException.builder(HandshakeStep.WEBSOCKET_UPGRADE, FailureReason.WEBSOCKET_REFUSED, e.getMessage())
                    .hint(e.hint()).trace(joined(before, trace.snapshot())).build();
        } catch (SocketTimeoutException e) {
            throw HandshakeException.builder(HandshakeStep.WEBSOCKET_UPGRADE, FailureReason.TIMEOUT,
                    "no answer to the WebSocket upgrade within " + timeout.toMillis() + " ms")
                    .hint("is this port a WebSocket listener? A plain MQTT or TLS port waits for its own protocol")
                    .trace(joined(before, trace.snapshot())).build();
        } catch (IOException e) {
            throw HandshakeException.builder(HandshakeStep.WEBSOCKET_UPGRADE, FailureReason.CONNECTION_RESET,
                    "the WebSocket upgrade failed: " + e.getMessage()).trace(joined(before, trace.snapshot())).build();
        }
    }

    /** A TLS connection whose data travels in WebSocket frames; its trace ends with the upgrade. */
    private record WebSocketTlsConnection(TlsConnection tls, WebSocketStream stream, HandshakeTrace trace) implements TlsConnection {
        @Override public InputStream input() { return stream.input(); }
        @Override public OutputStream output() { return stream.output(); }
        @Override public void write(byte[] head, byte[] body) throws IOException { stream.write(head, body); }
        @Override public TlsVersion version() { return tls.version(); }
        @Override public List<io.iotls.transport.TraceEntry> afterHandshake() { return tls.afterHandshake(); }
        @Override public CipherSuite cipherSuite() { return tls.cipherSuite(); }
        @Override public boolean resumed() { return tls.resumed(); }
        @Override public List<X509Certificate> peerCertificates() { return tls.peerCertificates(); }
        @Override public Optional<String> applicationProtocol() { return tls.applicationProtocol(); }
        @Override public InetSocketAddress remoteAddress() { return tls.remoteAddress(); }
        @Override public void awaitLateAlert(Duration wait) throws IOException { tls.awaitLateAlert(wait); }
        @Override public void readTimeout(Duration timeout) { tls.readTimeout(timeout); }
        @Override public boolean receiveOnIoThread(Receiver receiver) throws IOException { return stream.receiveOnIoThread(receiver); }
        @Override public void receiving(boolean on) { stream.receiving(on); }
        @Override public void awaitWritable() throws IOException { stream.awaitWritable(); }
        @Override public void close() throws IOException { stream.close(); }
    }
}
