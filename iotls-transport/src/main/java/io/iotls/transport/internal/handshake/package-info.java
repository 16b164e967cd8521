/**
 * The handshake on Bouncy Castle's low-level TLS API: client and server peers ({@code BcTlsClient}, {@code BcTlsServer})
 * and protocols that trace each message ({@code TracingClientProtocol}, {@code TracingServerProtocol}), the
 * certificate step ({@code ServerCertificateCheck}), session tickets and the server's session cache, connecting and
 * accepting ({@code TlsClientConnector}, {@code TlsServerAcceptor}), and turning a failure into a reason and a hint
 * ({@code FailureClassifier}). The top of the internal layers: it uses crypto, io, material, trace and verify.
 */
package io.iotls.transport.internal.handshake;
