package io.iotls.transport;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.internal.handshake.FailureClassifier;
import io.iotls.transport.internal.handshake.ServerSetup;
import io.iotls.transport.internal.handshake.TlsServerAcceptor;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A TLS listener with the same options as the client side, for tests, the demo and small LAN services. Each accepted
 * connection gets its handshake (bounded by the handshake timeout) and then the handler, on a virtual thread.
 * <pre>{@code
 * try (var server = TlsServerEndpoint.start(new InetSocketAddress("127.0.0.1", 0), options, connection -> {
 *     connection.input().transferTo(connection.output()); // echo
 * })) { ... server.port() ... }
 * }</pre>
 */
public final class TlsServerEndpoint implements Closeable {
    /** Serves one established connection; the endpoint closes it when this returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(TlsConnection connection) throws IOException;

        /** A client whose handshake failed; by default logged at debug level. */
        default void onHandshakeFailure(HandshakeException failure) {}
    }

    private final TlsServerAcceptor acceptor;

    private TlsServerEndpoint(TlsServerAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    /** Loads the options' files, binds and starts accepting. Port 0 picks a free port. */
    public static TlsServerEndpoint start(InetSocketAddress bind, TlsServerOptions options, Handler handler) throws IOException {
        ServerSetup setup;
        try {
            setup = ServerSetup.load(options);
        } catch (CertificateProblem p) {
            throw FailureClassifier.setupFailure(p);
        }
        return new TlsServerEndpoint(TlsServerAcceptor.start(bind, setup, handler));
    }

    /**
     * Reads the certificate, key, client CA and CRL files again now; handshakes from then on use them, connections
     * already open keep theirs. Changed files are also read again by themselves at the next accepted connection
     * (size and modification time are compared; a rotation half done keeps the material loaded before, with a warning
     * in the log). On failure the material loaded before stays in use.
     */
    public void reloadTls() throws HandshakeException {
        try {
            acceptor.reload();
        } catch (CertificateProblem p) {
            throw FailureClassifier.setupFailure(p);
        }
    }

    public int port() {
        return acceptor.port();
    }

    public InetSocketAddress address() {
        return acceptor.address();
    }

    /** Handshakes completed and failed so far. */
    public long handshakesCompleted() {
        return acceptor.completed();
    }

    public long handshakesFailed() {
        return acceptor.failed();
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        acceptor.close();
    }
}
