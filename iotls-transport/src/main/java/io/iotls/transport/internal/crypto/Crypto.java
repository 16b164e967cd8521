package io.iotls.transport.internal.crypto;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The TLS crypto: JDK providers first (AES-GCM on the JDK's intrinsics), a private, never-registered Bouncy Castle
 * provider for what the JDK lacks (RSA-PSS under BC's names, ChaCha20-Poly1305 on some JDKs). X25519 key shares use
 * BC's field arithmetic directly ({@link X25519Agreement}), TLS 1.3 tickets hook the key schedule ({@link Tls13Resumption}),
 * AEAD records are sealed without a per-record allocation ({@link AeadRecordCipher}).
 */
public final class Crypto {
    /**
     * Private BC provider: passed by reference, never added to java.security.Security, and made only when one of its
     * services is first asked for (see {@link LazyBouncyCastle}).
     */
    public static final java.security.Provider BC = new LazyBouncyCastle();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean JDK_CHACHA20_POLY1305 = jdkHas("ChaCha20-Poly1305");

    private static boolean jdkHas(String cipher) {
        try {
            javax.crypto.Cipher.getInstance(cipher);
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private Crypto() {}

    public static JcaTlsCrypto create() {
        FallbackJcaJceHelper helper = new FallbackJcaJceHelper(new DefaultJcaJceHelper(), new ProviderJcaJceHelper(BC));
        return new JcaTlsCrypto(helper, new ProviderJcaJceHelper(BC), RANDOM, RANDOM) {
            /**
             * BC gives every connection its own SP800 hash DRBG (~1 KB, kept for the connection's life) for the
             * handshake's randoms and legacy session id; the shared system CSPRNG serves as well.
             */
            @Override
            public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
                return size -> {
                    byte[] nonce = new byte[size];
                    RANDOM.nextBytes(nonce);
                    return nonce;
                };
            }

            /**
             * ChaCha20-Poly1305 records run on the JDK's cipher ({@link AeadRecordCipher}); BC would probe for it by its
             * own name ("ChaCha7539"), which only its provider has, and building that provider costs half a second.
             */
            @Override
            public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
                if (encryptionAlgorithm == org.bouncycastle.tls.EncryptionAlgorithm.CHACHA20_POLY1305 && JDK_CHACHA20_POLY1305) return true;
                return super.hasEncryptionAlgorithm(encryptionAlgorithm);
            }

            /** The peer's RSA-PSS signatures on the JDK's RSASSA-PSS (see {@link JdkPssVerifier}); TLS 1.2. */
            @Override
            protected org.bouncycastle.tls.crypto.TlsStreamVerifier createStreamVerifier(String algorithmName,
                    java.security.spec.AlgorithmParameterSpec parameter, byte[] signature, java.security.PublicKey publicKey)
                    throws IOException {
                JdkPssVerifier jdk = JdkPssVerifier.forBcAlgorithm(algorithmName, parameter, publicKey, signature);
                return jdk != null ? jdk : super.createStreamVerifier(algorithmName, parameter, signature, publicKey);
            }

            /** The same for TLS 1.3's CertificateVerify. */
            @Override
            protected org.bouncycastle.tls.crypto.Tls13Verifier createTls13Verifier(String algorithmName,
                    java.security.spec.AlgorithmParameterSpec parameter, java.security.PublicKey publicKey) throws IOException {
                JdkPssVerifier jdk = JdkPssVerifier.forBcAlgorithm(algorithmName, parameter, publicKey, null);
                return jdk != null ? jdk : super.createTls13Verifier(algorithmName, parameter, publicKey);
            }

            @Override
            public TlsECDomain createECDomain(TlsECConfig ecConfig) {
                if (ecConfig.getNamedGroup() == NamedGroup.x25519) return () -> new X25519Agreement(this);
                return super.createECDomain(ecConfig);
            }

            /** AEAD records are sealed into a reused buffer on the JDK's ciphers: see {@link AeadRecordCipher}. */
            @Override
            public TlsCipher createCipher(TlsCryptoParameters params, int encryptionAlgorithm, int macAlgorithm)
                    throws IOException {
                TlsCipher own = AeadRecordCipher.create(this, params, encryptionAlgorithm);
                return own != null ? own : super.createCipher(params, encryptionAlgorithm, macAlgorithm);
            }

            @Override
            public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
                return Tls13Resumption.hkdfInit(this, cryptoHashAlgorithm); // binders of TLS 1.3 session tickets
            }
        };
    }
}
