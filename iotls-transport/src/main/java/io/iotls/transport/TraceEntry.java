package io.iotls.transport;

import java.util.List;

/** One step of a recorded handshake: what was sent or received, with what the stack saw in it. */
public record TraceEntry(HandshakeStep step, List<String> details, long elapsedMicros) {
    public TraceEntry {
        details = List.copyOf(details);
    }
}
