package io.iotls.transport.internal.handshake;

import io.iotls.transport.internal.crypto.Tls13Resumption;

import java.util.Arrays;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * A TLS 1.3 ticket (RFC 8446 4.6.1) with the resumption PSK derived for it, kept until it is offered once or expires.
 * It remembers the server chain verified on the connection that received it: a resumed handshake carries none.
 * The PSK never leaves this class except as a Bouncy Castle secret; {@link #toString()} shows no key material.
 */
final class SessionTicket {
    /** RFC 8446 4.6.1: servers MUST NOT use a lifetime longer than 7 days; clients MUST NOT cache a ticket longer. */
    static final long MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

    private final byte[] identity;
    private final byte[] psk;
    private final int prfAlgorithm;
    private final Certificate serverChain;
    private final long expiresAtNanos;

    SessionTicket(byte[] identity, byte[] psk, int prfAlgorithm, Certificate serverChain, long lifetimeSeconds, long nowNanos) {
        this.identity = identity.clone();
        this.psk = psk.clone();
        this.prfAlgorithm = prfAlgorithm;
        this.serverChain = serverChain;
        this.expiresAtNanos = nowNanos + Math.min(lifetimeSeconds, MAX_LIFETIME_SECONDS) * 1_000_000_000L;
    }

    int prfAlgorithm() {
        return prfAlgorithm;
    }

    Certificate serverChain() {
        return serverChain;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** The PSK as Bouncy Castle offers it; its key is marked so that its binder uses the "res binder" label. */
    TlsPSKExternal toOfferedPsk(JcaTlsCrypto crypto) {
        return new BasicTlsPSKExternal(identity.clone(), new Tls13Resumption.ResumptionPsk(crypto, psk.clone()), prfAlgorithm);
    }

    /** Offered once (RFC 8446 C.4: a ticket is not reused), so the key is wiped as soon as it is taken. */
    void wipe() {
        Arrays.fill(psk, (byte) 0);
    }

    @Override
    public String toString() {
        return "SessionTicket[" + identity.length + "-byte ticket, "
                + (prfAlgorithm == PRFAlgorithm.tls13_hkdf_sha384 ? "SHA-384" : "SHA-256") + "]";
    }
}
