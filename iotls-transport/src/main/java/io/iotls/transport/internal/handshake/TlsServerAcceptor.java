package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.trace.TraceRecorder;

import io.iotls.transport.internal.io.ProtocolConnection;
import io.iotls.transport.internal.io.RecordPump;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.FailureReason;
import io.iotls.transport.HandshakeException;
import io.iotls.transport.HandshakeStep;
import io.iotls.transport.TlsAlert;
import io.iotls.transport.TlsServerEndpoint;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The accept loop of a TlsServerEndpoint: one virtual thread per connection, bounded in number and handshake time. */
public final class TlsServerAcceptor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsServerAcceptor.class);

    private final ServerSocket serverSocket;
    private volatile ServerSetup setup; // replaced whole when its files change; a handshake uses the one it started with
    private final Object reloading = new Object();
    private String failedStamp; // the files' stamp that last failed to load, not tried again until it changes; under reloading
    private final TlsServerEndpoint.Handler handler;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread acceptThread;
    private volatile boolean closed;

    private TlsServerAcceptor(ServerSocket serverSocket, ServerSetup setup, TlsServerEndpoint.Handler handler) {
        this.serverSocket = serverSocket;
        this.setup = setup;
        this.handler = handler;
        this.slots = new Semaphore(setup.options().maxConnections());
        this.acceptThread = Thread.ofVirtual().name("iotls-accept-" + serverSocket.getLocalPort()).unstarted(this::acceptLoop);
    }

    public static TlsServerAcceptor start(InetSocketAddress bind, ServerSetup setup, TlsServerEndpoint.Handler handler)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(bind, 256);
        TlsServerAcceptor acceptor = new TlsServerAcceptor(socket, setup, handler);
        acceptor.acceptThread.start();
        return acceptor;
    }

    public int port() { return serverSocket.getLocalPort(); }
    public InetSocketAddress address() { return (InetSocketAddress) serverSocket.getLocalSocketAddress(); }
    public long completed() { return completed.get(); }
    public long failed() { return failed.get(); }

    private void acceptLoop() {
        while (!closed) {
            try {
                slots.acquire();
                Socket socket = serverSocket.accept();
                open.add(socket);
                Thread.ofVirtual().name("iotls-conn-" + socket.getPort()).start(() -> serve(socket));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                slots.release();
                if (!closed) LOG.warn("accept failed on port {}: {}", port(), e.getMessage());
            }
        }
    }

    /**
     * The setup for the next handshake: the files are read again first when they changed since they were loaded. If the
     * new ones do not load (a rotation half done), the setup before stays and a warning is logged once per change.
     */
    private ServerSetup current() {
        ServerSetup s = setup;
        if (!s.filesChanged()) return s;
        synchronized (reloading) {
            if (setup != s) return setup;
            String stamp = io.iotls.transport.internal.material.MaterialFiles.stamp(s.options());
            if (stamp.equals(failedStamp)) return s;
            try {
                return reload();
            } catch (CertificateProblem p) {
                failedStamp = stamp;
                LOG.warn("TLS files of port {} changed but do not load; serving with those loaded before: {}", port(), p.getMessage());
                return s;
            }
        }
    }

    /** Reads the files again now; connections from then on use them, connections open keep theirs. */
    public ServerSetup reload() throws CertificateProblem {
        synchronized (reloading) {
            ServerSetup fresh = ServerSetup.load(setup.options(), setup.sessions());
            setup = fresh;
            failedStamp = null;
            LOG.info("TLS material of port {} reloaded", port());
            return fresh;
        }
    }

    private void serve(Socket socket) {
        ServerSetup setup = current();
        String peer = socket.getRemoteSocketAddress().toString();
        TraceRecorder trace = new TraceRecorder(peer);
        TracingServerProtocol protocol = new TracingServerProtocol(trace);
        try {
            socket.setTcpNoDelay(true);
            RecordPump pump = new RecordPump(socket, protocol);
            try {
                handshake(pump, protocol, new BcTlsServer(setup, trace), setup);
            } catch (IOException | RuntimeException e) {
                pump.lock.lock();
                try {
                    pump.flush(); // send our alert so the client learns why
                } finally {
                    pump.lock.unlock();
                }
                HandshakeException failure = classify(trace, e);
                failed.incrementAndGet();
                LOG.debug("handshake with {} failed: {}", peer, failure.getMessage());
                handler.onHandshakeFailure(failure);
                return;
            }
            completed.incrementAndGet();
            pump.handshakeDone();
            trace.verdict("CONNECTED");
            try (ProtocolConnection connection = new ProtocolConnection(pump, protocol.context(), trace,
                    t -> classify(trace, t), (InetSocketAddress) socket.getRemoteSocketAddress())) {
                handler.handle(connection);
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) LOG.debug("connection {} ended: {}", peer, e.toString());
        } finally {
            TlsClientConnector.closeQuietly(socket);
            open.remove(socket);
            slots.release();
        }
    }

    private void handshake(RecordPump pump, TracingServerProtocol protocol, BcTlsServer server, ServerSetup setup) throws IOException {
        long deadline = System.nanoTime() + setup.options().handshakeTimeout().toNanos();
        pump.lock.lock();
        try {
            protocol.accept(server);
        } finally {
            pump.lock.unlock();
        }
        while (protocol.isHandshaking()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException("handshake timeout");
            if (!pump.readOnce((int) Math.max(1, left))) throw new EOFException("client closed the connection during the handshake");
        }
    }

    /** The server's view of a failed handshake. */
    static HandshakeException classify(TraceRecorder trace, Throwable e) {
        HandshakeException.Builder b;
        HandshakeStep next = trace.lastStep().orElse(HandshakeStep.CLIENT_HELLO);
        if (trace.problem().isPresent()) {
            CertificateProblem p = trace.problem().get();
            b = HandshakeException.builder(trace.failedStep(), p.reason(), p.getMessage());
            trace.localAlert().ifPresent(a -> b.alert(a, false));
        } else if (e instanceof TlsFatalAlertReceived r) {
            TlsAlert alert = TlsAlert.fromCode(r.getAlertDescription()).orElse(TlsAlert.HANDSHAKE_FAILURE);
            b = HandshakeException.builder(next, alert == TlsAlert.UNKNOWN_CA || alert == TlsAlert.BAD_CERTIFICATE
                    || alert == TlsAlert.CERTIFICATE_EXPIRED || alert == TlsAlert.CERTIFICATE_REVOKED
                    ? FailureReason.UNTRUSTED_CERTIFICATE : FailureReason.PEER_ALERT, "the client sent alert " + alert)
                    .hint("the client refused the handshake; see its error").alert(alert, true);
        } else if (e instanceof TlsFatalAlert local) {
            TlsAlert alert = TlsAlert.fromCode(local.getAlertDescription()).orElse(TlsAlert.INTERNAL_ERROR);
            FailureReason reason = switch (alert) {
                case UNKNOWN_PSK_IDENTITY -> FailureReason.UNKNOWN_PSK_IDENTITY;
                case DECRYPT_ERROR, BAD_RECORD_MAC -> FailureReason.PSK_REJECTED;
                case PROTOCOL_VERSION -> FailureReason.PROTOCOL_VERSION;
                case HANDSHAKE_FAILURE -> trace.has(HandshakeStep.SERVER_HELLO) ? FailureReason.PEER_ALERT : FailureReason.NO_COMMON_CIPHER_SUITE;
                default -> FailureReason.PROTOCOL_ERROR;
            };
            b = HandshakeException.builder(reason == FailureReason.NO_COMMON_CIPHER_SUITE ? HandshakeStep.SERVER_HELLO : next, reason,
                    local.getMessage() == null ? "we sent alert " + alert : local.getMessage()).alert(alert, false);
        } else if (e instanceof SocketTimeoutException) {
            b = HandshakeException.builder(next, FailureReason.TIMEOUT, "the client did not complete its handshake in time");
        } else if (e instanceof EOFException || e instanceof SocketException) {
            b = HandshakeException.builder(next, FailureReason.CONNECTION_RESET, "the client closed the connection after " + next);
        } else {
            b = HandshakeException.builder(next, FailureReason.PROTOCOL_ERROR, String.valueOf(e.getMessage()));
        }
        HandshakeException failure = b.build();
        trace.verdict("FAILED at " + failure.step() + ": " + failure.reason().summary());
        return b.trace(trace.snapshot()).build();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing
        }
        acceptThread.interrupt();
        for (Socket s : open) TlsClientConnector.closeQuietly(s);
        try {
            acceptThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
