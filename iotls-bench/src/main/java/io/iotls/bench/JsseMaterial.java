package io.iotls.bench;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The JSSE competitors' trust and key managers, read from the PEM files once per target (as iotls' TlsTransport is). */
final class JsseMaterial {
    private Target loadedFor;
    private TrustManagerFactory trust;
    private KeyManagerFactory keys;
    private SSLContext resuming; // the one context of a target with resumption: its session cache resumes

    synchronized TrustManagerFactory trust(Target t) throws Exception {
        load(t);
        return trust;
    }

    /** Null without a client certificate. */
    synchronized KeyManagerFactory keys(Target t) throws Exception {
        load(t);
        return keys;
    }

    /**
     * A new context per connection, so the JDK cannot resume a session and every handshake is a full one; with
     * {@link Target#resumption()}, one context for all, whose client session cache resumes (tickets in TLS 1.3).
     */
    synchronized SSLContext newContext(Target t) throws Exception {
        load(t);
        if (!t.resumption()) return Jsse.context(trust, keys, t.tlsVersion());
        if (resuming == null) resuming = Jsse.context(trust, keys, t.tlsVersion());
        return resuming;
    }

    private void load(Target t) throws Exception {
        if (t.equals(loadedFor)) return;
        trust = Jsse.trust(t);
        keys = Jsse.keys(t);
        resuming = null;
        loadedFor = t;
    }
}
