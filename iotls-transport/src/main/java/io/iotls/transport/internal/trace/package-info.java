/** The handshake trace as it is recorded, message by message ({@code TraceRecorder}), read by the public {@code HandshakeTrace}. */
package io.iotls.transport.internal.trace;
