package io.iotls.transport.internal;

import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The TLS crypto: JDK providers first (AES-GCM on the JDK's intrinsics), a private, never-registered Bouncy Castle
 * provider for what the JDK lacks (RSA-PSS under BC's names, ChaCha20-Poly1305 on some JDKs).
 */
public final class Crypto {
    /** Private BC provider: passed by reference, never added to java.security.Security. */
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {}

    public static JcaTlsCrypto create() {
        FallbackJcaJceHelper helper = new FallbackJcaJceHelper(new DefaultJcaJceHelper(), new ProviderJcaJceHelper(BC));
        return new JcaTlsCrypto(helper, new ProviderJcaJceHelper(BC), RANDOM, RANDOM) {
            @Override
            public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
                return Tls13Resumption.hkdfInit(this, cryptoHashAlgorithm); // binders of TLS 1.3 session tickets
            }
        };
    }
}
