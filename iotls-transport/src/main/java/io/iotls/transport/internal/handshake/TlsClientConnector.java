package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.io.ProtocolConnection;
import io.iotls.transport.internal.io.ProxyTunnel;
import io.iotls.transport.internal.io.RecordPump;

import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TlsConnection;
import io.iotls.transport.TunnelProxy;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the TCP connection and drives the client handshake to completion or to a classified failure. */
public final class TlsClientConnector {
    private static final Logger LOG = LoggerFactory.getLogger(TlsClientConnector.class);

    private TlsClientConnector() {}

    public static TlsConnection connect(ClientSetup setup, String host, int port) throws IOException {
        return connect(setup, host, port, null);
    }

    /** @param reloadProblem why changed TLS files could not be loaded (the trace warns), or null */
    public static TlsConnection connect(ClientSetup setup, String host, int port, String reloadProblem) throws IOException {
        return connect(setup, host, port, reloadProblem, null);
    }

    /**
     * @param reloadProblem why changed TLS files could not be loaded (the trace warns), or null
     * @param webSocket the WebSocket upgrade to make after the handshake ({@code wss://}), or null for none
     */
    public static TlsConnection connect(ClientSetup setup, String host, int port, String reloadProblem,
                                        io.iotls.transport.WebSocketOptions webSocket) throws IOException {
        String peer = host + ":" + port;
        TraceRecorder trace = new TraceRecorder(peer);
        if (reloadProblem != null) {
            trace.warning("the TLS files changed but do not load, so those loaded before are used: " + reloadProblem);
        }
        ExpiryWarnings.ofClient(setup, trace);
        FailureClassifier classifier = new FailureClassifier(trace, setup.options());
        Socket socket = openSocket(host, port, setup, trace);
        BcTlsClient client = new BcTlsClient(setup, host, port, trace);
        TracingClientProtocol protocol = new TracingClientProtocol(trace, client);
        RecordPump pump = null;
        ProtocolConnection connection;
        try {
            pump = new RecordPump(socket, protocol);
            handshake(pump, client, setup, protocol);
            pump.handshakeDone();
            trace.verdict(verdict(trace, setup));
            LOG.debug("TLS connection to {} established: {}", peer, trace.version().orElse(null));
            connection = new ProtocolConnection(pump, protocol.context(), trace, classifier::classify,
                    (InetSocketAddress) socket.getRemoteSocketAddress(), client.resumedServerChain());
        } catch (IOException | RuntimeException e) {
            if (pump != null) {
                pump.lock.lock();
                try {
                    pump.flush(); // our alert, if BC raised one
                } finally {
                    pump.lock.unlock();
                }
            }
            closeQuietly(socket);
            HandshakeException failure = classifier.classify(e);
            LOG.debug("TLS handshake with {} failed: {}", peer, failure.getMessage());
            throw failure;
        }
        return webSocket == null ? connection : upgraded(connection, host, port, webSocket, setup);
    }

    private static TlsConnection upgraded(ProtocolConnection connection, String host, int port,
                                          io.iotls.transport.WebSocketOptions webSocket, ClientSetup setup) throws IOException {
        try {
            return WebSocketUpgrades.overTls(connection, host, port, webSocket, setup.options().handshakeTimeout());
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static void handshake(RecordPump pump, BcTlsClient client, ClientSetup setup, TracingClientProtocol protocol)
            throws IOException {
        long deadline = System.nanoTime() + setup.options().handshakeTimeout().toNanos();
        pump.lock.lock();
        try {
            protocol.connect(client);
            pump.flush();
        } finally {
            pump.lock.unlock();
        }
        while (protocol.isHandshaking()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException("handshake timeout");
            if (!pump.readOnce((int) Math.max(1, left))) {
                if (pump.writeFailure() != null) throw pump.writeFailure();
                throw new EOFException("connection closed by peer during the handshake");
            }
        }
    }

    private static Socket openSocket(String host, int port, ClientSetup setup, TraceRecorder trace) throws HandshakeException {
        Socket socket;
        try {
            socket = java.nio.channels.SocketChannel.open().socket(); // blocking now; the I/O loop may take its reads later
        } catch (IOException e) {
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.CONNECTION_RESET,
                    "cannot open a socket: " + e.getMessage()).trace(trace.snapshot()).build();
        }
        bindLocal(socket, setup.options().localAddress(), trace);
        java.util.Optional<TunnelProxy> proxy = setup.options().proxyFor(host);
        if (proxy.isPresent()) return throughProxy(socket, proxy.get(), host, port, setup.options().connectTimeout(), trace);
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) throw new UnknownHostException(host);
            socket.connect(address, (int) setup.options().connectTimeout().toMillis());
            trace.step(HandshakeStep.TCP_CONNECT, "connected to " + address.getAddress().getHostAddress() + ":" + port);
            return socket;
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.CONNECTION_REFUSED,
                    "nothing accepts connections at " + host + ":" + port + " (" + e.getMessage() + ")").trace(trace.snapshot()).build();
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.TIMEOUT,
                    "no TCP answer from " + host + ":" + port + " within " + setup.options().connectTimeout().toMillis() + " ms")
                    .trace(trace.snapshot()).build();
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.INVALID_CONFIGURATION,
                    "unknown host '" + host + "'").hint("check the host name or use an IP address").trace(trace.snapshot()).build();
        } catch (IOException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.CONNECTION_RESET,
                    "cannot connect to " + host + ":" + port + ": " + e.getMessage()).trace(trace.snapshot()).build();
        }
    }

    /** Binds {@code socket} to the local address asked for (mosquitto's -A), if any. */
    static void bindLocal(Socket socket, java.util.Optional<java.net.InetAddress> local, TraceRecorder trace) throws HandshakeException {
        if (local.isEmpty()) return;
        try {
            socket.bind(new InetSocketAddress(local.get(), 0));
        } catch (IOException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, FailureReason.INVALID_CONFIGURATION,
                    "cannot connect from the local address " + local.get().getHostAddress() + ": " + e.getMessage())
                    .hint("the local address (-A) must be one of this machine's addresses").trace(trace.snapshot()).build();
        }
    }

    /** TCP to the proxy, then the tunnel to the broker, each bounded by the connect timeout. */
    static Socket throughProxy(Socket socket, TunnelProxy proxy, String host, int port, java.time.Duration connectTimeout,
                               TraceRecorder trace) throws HandshakeException {
        int timeout = (int) connectTimeout.toMillis();
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
            if (address.isUnresolved()) throw new UnknownHostException(proxy.host());
            socket.connect(address, timeout);
            trace.step(HandshakeStep.TCP_CONNECT, "connected to the proxy " + proxy + " at " + address.getAddress().getHostAddress());
        } catch (IOException e) {
            closeQuietly(socket);
            FailureReason reason = e instanceof ConnectException ? FailureReason.CONNECTION_REFUSED
                    : e instanceof SocketTimeoutException ? FailureReason.TIMEOUT : FailureReason.CONNECTION_RESET;
            throw HandshakeException.builder(HandshakeStep.TCP_CONNECT, reason, "cannot reach the proxy " + proxy + ": "
                    + (e instanceof UnknownHostException ? "unknown host" : e.getMessage()))
                    .hint("check the proxy URL (--proxy, HTTPS_PROXY or ALL_PROXY)").trace(trace.snapshot()).build();
        }
        try {
            socket.setSoTimeout(timeout);
            String answer = ProxyTunnel.open(socket, proxy, host, port);
            socket.setSoTimeout(0);
            trace.step(HandshakeStep.PROXY_TUNNEL, "tunnel to " + host + ":" + port + ": " + answer);
            return socket;
        } catch (ProxyTunnel.Refused e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.PROXY_TUNNEL, FailureReason.PROXY_REFUSED, e.getMessage())
                    .trace(trace.snapshot()).build();
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.PROXY_TUNNEL, FailureReason.TIMEOUT, "the proxy " + proxy
                    + " did not answer our tunnel request within " + timeout + " ms").trace(trace.snapshot()).build();
        } catch (IOException e) {
            closeQuietly(socket);
            throw HandshakeException.builder(HandshakeStep.PROXY_TUNNEL, FailureReason.PROXY_REFUSED, "the tunnel through "
                    + proxy + " failed: " + e.getMessage()).trace(trace.snapshot()).build();
        }
    }

    private static String verdict(TraceRecorder trace, ClientSetup setup) {
        if (setup.options().isInsecure()) return "CONNECTED, INSECURE: server certificate not verified";
        if (trace.resumed()) return "CONNECTED: session resumed (server was verified when the session was established)";
        if (setup.options().psk().isPresent() && !trace.has(HandshakeStep.SERVER_CERTIFICATE)) {
            return "CONNECTED: authenticated by pre-shared key '" + setup.options().psk().get().identity() + "'";
        }
        return "CONNECTED: server certificate trusted" + (trace.has(HandshakeStep.CLIENT_CERTIFICATE)
                && setup.identity() != null ? ", client certificate sent" : "");
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing more to report
        }
    }
}
