/**
 * MQTT over WebSocket (RFC 6455, MQTT 3.1.1 and 5 section 6): the client's upgrade request ({@code Upgrade}), the
 * frames in both directions ({@code FrameDecoder}, {@code FrameEncoder}) and the stream that carries MQTT's bytes in
 * binary frames over a TCP or TLS connection ({@code WebSocketStream}). Uses the I/O package, knows nothing of
 * handshakes.
 */
package io.iotls.transport.internal.websocket;
