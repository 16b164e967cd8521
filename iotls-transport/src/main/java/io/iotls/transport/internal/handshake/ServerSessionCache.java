package io.iotls.transport.internal.handshake;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.TlsSession;

/**
 * The server's TLS 1.2 sessions for resumption: at most {@code capacity}, the least recently used dropped first, each
 * resumable for {@code lifetime} after its full handshake, kept with the client's certificate chain so a resumption
 * can be refused when that certificate was revoked since. Shared by the endpoint's connections: one lock.
 */
final class ServerSessionCache {
    record Cached(TlsSession session, Instant created, List<X509Certificate> clientChain) {}

    private final int capacity;
    private final Duration lifetime;
    private final Map<String, Cached> entries;

    ServerSessionCache(int capacity, Duration lifetime) {
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > ServerSessionCache.this.capacity;
            }
        };
    }

    synchronized void put(TlsSession session, List<X509Certificate> clientChain, Instant now) {
        entries.put(HexFormat.of().formatHex(session.getSessionID()), new Cached(session, now, List.copyOf(clientChain)));
    }

    /** The entry for {@code sessionId} if it is still within its lifetime; an expired one is dropped. */
    synchronized Cached find(byte[] sessionId, Instant now) {
        String key = HexFormat.of().formatHex(sessionId);
        Cached e = entries.get(key);
        if (e == null) return null;
        if (now.isAfter(e.created().plus(lifetime))) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    synchronized void remove(byte[] sessionId) {
        entries.remove(HexFormat.of().formatHex(sessionId));
    }

    synchronized int size() {
        return entries.size();
    }
}
