package io.iotls.transport.internal.handshake;

import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TunnelProxy;
import io.iotls.transport.internal.io.LoopSocket;
import io.iotls.transport.internal.trace.TraceRecorder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection without TLS ({@code mqtt://}, {@code ws://}), direct or through a proxy's tunnel, with the same steps
 * in its trace and the same failures as a TLS connection's first steps: TCP connect, proxy tunnel.
 */
public final class PlainConnector {
    private PlainConnector() {}

    /** Connects to {@code host:port} (from {@code local} if present), through {@code proxy} if present; failures name their step. */
    public static LoopSocket connect(String host, int port, Optional<TunnelProxy> proxy, Optional<java.net.InetAddress> local,
                                     Duration timeout, TraceRecorder trace) throws HandshakeException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.CONNECTION_RESET,
                    "cannot open a socket: " + e.getMessage()).trace(trace.snapshot()).build();
        }
        TlsClientConnector.bindLocal(channel.socket(), local, trace);
        try {
            if (proxy.isPresent()) {
                TlsClientConnector.throughProxy(channel.socket(), proxy.get(), host, port, timeout, trace);
                return LoopSocket.of(channel);
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.INVALID_CONFIGURATION, "unknown host '" + host + "'")
                        .hint("check the host name or use an IP address").trace(trace.snapshot()).build();
            }
            try {
                channel.socket().connect(address, (int) timeout.toMillis());
            } catch (IOException e) {
                FailureReason reason = e instanceof ConnectException ? FailureReason.CONNECTION_REFUSED
                        : e instanceof SocketTimeoutException ? FailureReason.TIMEOUT : FailureReason.CONNECTION_RESET;
                throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, reason, "cannot connect to " + host + ":" + port + ": " + e.getMessage())
                        .hint("check host and port").trace(trace.snapshot()).build();
            }
            trace.step(HandshakeStep.TCP_CONNECT, "connected to " + address.getAddress().getHostAddress() + ":" + port);
            return LoopSocket.of(channel);
        } catch (HandshakeException e) {
            TlsClientConnector.closeQuietly(channel.socket());
            throw e;
        } catch (IOException e) {
            TlsClientConnector.closeQuietly(channel.socket());
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.CONNECTION_RESET,
                    "cannot connect to " + host + ":" + port + ": " + e.getMessage()).trace(trace.snapshot()).build();
        }
    }
}
