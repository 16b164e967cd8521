package io.iotls.transport;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A PSK identity (sent in clear in the handshake) and its key (never sent, never printed). */
public record PreSharedKey(String identity, PskKey key) {
    public PreSharedKey {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(key, "key");
        int len = identity.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len > 65535) throw new IllegalArgumentException("a PSK identity must be 1 to 65535 bytes");
    }

    @Override
    public String toString() {
        return "PreSharedKey[identity=" + identity + ", key=[redacted]]";
    }
}
