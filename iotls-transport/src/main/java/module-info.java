/**
 * iotls' TLS transport layer: {@link io.iotls.transport.TlsTransport} and its options, the handshake trace, and the
 * offline certificate verifier ({@code io.iotls.transport.verify}). Everything under {@code internal} stays inside.
 */
module io.iotls.transport {
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires org.slf4j;

    exports io.iotls.transport;
    exports io.iotls.transport.verify;
}
