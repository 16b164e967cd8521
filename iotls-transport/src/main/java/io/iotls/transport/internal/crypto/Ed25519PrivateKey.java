package io.iotls.transport.internal.crypto;

import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;

/**
 * The JDK names Ed25519 keys "EdDSA", BC's TLS signer looks for "Ed25519": this view of the same JDK key answers
 * "Ed25519" and delegates everything else, so the JDK still does the signing.
 */
public final class Ed25519PrivateKey implements EdECPrivateKey {
    private static final long serialVersionUID = 1L;
    private final EdECPrivateKey key;

    private Ed25519PrivateKey(EdECPrivateKey key) {
        this.key = key;
    }

    public static java.security.PrivateKey adapt(java.security.PrivateKey key) {
        if (key instanceof EdECPrivateKey ed && !(key instanceof Ed25519PrivateKey)
                && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName())) {
            return new Ed25519PrivateKey(ed);
        }
        return key;
    }

    @Override public Optional<byte[]> getBytes() { return key.getBytes(); }
    @Override public NamedParameterSpec getParams() { return key.getParams(); }
    @Override public String getAlgorithm() { return "Ed25519"; }
    @Override public String getFormat() { return key.getFormat(); }
    @Override public byte[] getEncoded() { return key.getEncoded(); }
    @Override public String toString() { return "Ed25519PrivateKey[redacted]"; }
}
