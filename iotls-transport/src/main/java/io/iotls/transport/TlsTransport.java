package io.iotls.transport;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.internal.handshake.ClientSetup;
import io.iotls.transport.internal.handshake.FailureClassifier;
import io.iotls.transport.internal.handshake.TlsClientConnector;
import java.io.IOException;
import java.util.Objects;

/**
 * The client side of the transport layer: options loaded and checked once (CA files, client key and certificate,
 * CRLs), then any number of connections, which resume earlier sessions with the same server where it allows.
 * <pre>{@code
 * TlsTransport tls = TlsTransport.create(TlsOptions.builder().caFile(Path.of("ca.crt")).build());
 * try (TlsConnection c = tls.connect("broker.local", 8883)) {
 *     System.out.print(c.trace().toTable());
 * }
 * }</pre>
 */
public final class TlsTransport {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TlsTransport.class);

    private volatile ClientSetup setup; // replaced whole by reload; a connection uses the one it started with

    private TlsTransport(ClientSetup setup) {
        this.setup = setup;
    }

    /**
     * Loads the files the options name. A key that does not match its certificate, a wrong key password or an
     * unreadable file fails here, before any connection, as a {@link HandshakeException} at step {@code Setup}.
     */
    public static TlsTransport create(TlsOptions options) throws HandshakeException {
        try {
            return new TlsTransport(ClientSetup.load(Objects.requireNonNull(options)));
        } catch (CertificateProblem p) {
            throw FailureClassifier.setupFailure(p);
        }
    }

    /**
     * Connects and completes the handshake, or throws a {@link HandshakeException} naming the failed step. When a file
     * the options read (certificate, key, CA, CRL) has changed since it was loaded, it is read again first: a rotated
     * certificate is used from the next connection on; if the new files do not load (a rotation half done), the
     * material loaded before is used and the trace warns.
     */
    public TlsConnection connect(String host, int port) throws IOException {
        return connect(host, port, null);
    }

    /**
     * As {@link #connect(String, int)}, then upgrades the connection to a WebSocket ({@code wss://}, RFC 6455): the
     * connection returned carries its data in WebSocket binary frames, and its trace ends with the upgrade. A refusal
     * is a {@link HandshakeException} at step {@link HandshakeStep#WEBSOCKET_UPGRADE}.
     * @param webSocket the upgrade request's path, subprotocols and headers; null for no upgrade
     */
    public TlsConnection connect(String host, int port, WebSocketOptions webSocket) throws IOException {
        ClientSetup current = setup;
        String reloadProblem = null;
        if (current.filesChanged()) {
            try {
                current = reload();
            } catch (HandshakeException e) {
                reloadProblem = e.getMessage();
                LOG.warn("TLS files changed but do not load; using those loaded before: {}", e.getMessage());
            }
        }
        return TlsClientConnector.connect(current, host, port, reloadProblem, webSocket);
    }

    /**
     * Reads the options' files again now (certificate, key, CA files and directories, CRLs); the next connection uses
     * them, connections already open keep theirs. On failure the material loaded before stays in use.
     */
    public void reloadTls() throws HandshakeException {
        reload();
    }

    private synchronized ClientSetup reload() throws HandshakeException {
        try {
            ClientSetup fresh = ClientSetup.load(setup.options());
            setup = fresh;
            LOG.info("TLS material reloaded ({})", fresh.trust().description());
            return fresh;
        } catch (CertificateProblem p) {
            throw FailureClassifier.setupFailure(p);
        }
    }

    public TlsOptions options() {
        return setup.options();
    }
}
