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
    private final ClientSetup setup;

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

    /** Connects and completes the handshake, or throws a {@link HandshakeException} naming the failed step. */
    public TlsConnection connect(String host, int port) throws IOException {
        return TlsClientConnector.connect(setup, host, port);
    }

    public TlsOptions options() {
        return setup.options();
    }
}
