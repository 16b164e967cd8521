package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.junit.jupiter.api.Test;

/** The server's TLS 1.2 session cache: a lifetime from the full handshake, and a bound with the least recently used dropped. */
class ServerSessionCacheTest {
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private static TlsSession session(int id) {
        var crypto = Crypto.create();
        SessionParameters parameters = new SessionParameters.Builder().setCipherSuite(0xC02F)
                .setNegotiatedVersion(org.bouncycastle.tls.ProtocolVersion.TLSv12)
                .setMasterSecret(crypto.createSecret(new byte[48])).build();
        return TlsUtils.importSession(new byte[] {(byte) id, 1, 2, 3}, parameters);
    }

    @Test
    void aSessionIsResumableForItsLifetimeAndNotAfter() {
        ServerSessionCache cache = new ServerSessionCache(10, Duration.ofHours(24));
        TlsSession s = session(1);
        cache.put(s, List.of(), T0);
        assertThat(cache.find(s.getSessionID(), T0.plus(Duration.ofHours(23)))).isNotNull();
        assertThat(cache.find(s.getSessionID(), T0.plus(Duration.ofHours(24)).plusSeconds(1))).as("expired").isNull();
        assertThat(cache.size()).as("an expired session is dropped when met").isZero();
    }

    @Test
    void theLeastRecentlyUsedSessionGoesFirstWhenTheCacheIsFull() {
        ServerSessionCache cache = new ServerSessionCache(2, Duration.ofHours(24));
        TlsSession a = session(1);
        TlsSession b = session(2);
        TlsSession c = session(3);
        cache.put(a, List.of(), T0);
        cache.put(b, List.of(), T0);
        cache.find(a.getSessionID(), T0); // a used again: b is now the least recent
        cache.put(c, List.of(), T0);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(b.getSessionID(), T0)).isNull();
        assertThat(cache.find(a.getSessionID(), T0)).isNotNull();
        assertThat(cache.find(c.getSessionID(), T0)).isNotNull();
    }
}
