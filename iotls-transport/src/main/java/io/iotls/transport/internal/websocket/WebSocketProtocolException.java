package io.iotls.transport.internal.websocket;

import java.io.IOException;

/** The broker broke the WebSocket framing rules (RFC 6455 5); the connection ends with close code 1002. */
public final class WebSocketProtocolException extends IOException {
    WebSocketProtocolException(String what) {
        super("WebSocket protocol error: the broker sent " + what);
    }
}
