/**
 * Moving records: the shared epoll I/O loop and its sockets ({@code IoLoop}, {@code LoopSocket}, {@code ChannelOutput}),
 * the pump between a socket and Bouncy Castle's non-blocking protocol ({@code RecordPump}), and the connection
 * applications see ({@code ProtocolConnection}). Knows nothing of handshakes.
 */
package io.iotls.transport.internal.io;
