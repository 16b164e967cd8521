package io.iotls.bench;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The JSSE competitors' trust and key managers, read from the PEM files once per target (as iotls' TlsTransport is). */
final class JsseMaterial {
    private Target loadedFor;
    private TrustManagerFactory trust;
    private KeyManagerFactory keys;

    synchronized TrustManagerFactory trust(Target t) throws Exception {
        load(t);
        return trust;
    }

    /** Null without a client certificate. */
    synchronized KeyManagerFactory keys(Target t) throws Exception {
        load(t);
        return keys;
    }

    /** A new context per connection, so the JDK cannot resume a session: every handshake is a full one. */
    synchronized SSLContext newContext(Target t) throws Exception {
        load(t);
        return Jsse.context(trust, keys, t.tlsVersion());
    }

    private void load(Target t) throws Exception {
        if (t.equals(loadedFor)) return;
        trust = Jsse.trust(t);
        keys = Jsse.keys(t);
        loadedFor = t;
    }
}
