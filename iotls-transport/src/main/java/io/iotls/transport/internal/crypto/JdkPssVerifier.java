package io.iotls.transport.internal.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsStreamVerifier;

/**
 * A peer's RSA-PSS handshake signature checked on the JDK's RSASSA-PSS, fed as Bouncy Castle's TLS code writes the
 * signed data. BC asks for RSA-PSS by its own name ("SHA256WITHRSAANDMGF1"), which only its provider has; building that
 * provider for every connection to an RSA broker costs half a second of start-up.
 */
final class JdkPssVerifier implements TlsStreamVerifier, Tls13Verifier {
    private final Signature verifier;
    private final byte[] signature; // TLS 1.2: given up front; TLS 1.3: given to verifySignature
    private final OutputStream input = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                verifier.update(b, off, len);
            } catch (SignatureException e) {
                throw new IOException(e);
            }
        }
    };

    private JdkPssVerifier(Signature verifier, byte[] signature) {
        this.verifier = verifier;
        this.signature = signature;
    }

    /** A verifier on the JDK's RSASSA-PSS for BC's {@code algorithmName} and parameters, or null where that is not one. */
    static JdkPssVerifier forBcAlgorithm(String algorithmName, AlgorithmParameterSpec parameter, PublicKey key, byte[] signature) {
        if (!(parameter instanceof PSSParameterSpec) || !algorithmName.toUpperCase(Locale.ROOT).endsWith("WITHRSAANDMGF1")) return null;
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(parameter);
            s.initVerify(key);
            return new JdkPssVerifier(s, signature == null ? null : signature.clone());
        } catch (GeneralSecurityException e) {
            return null; // a JDK without RSASSA-PSS, or a key it does not take: BC's way
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return input;
    }

    @Override
    public boolean isVerified() {
        return verifySignature(signature);
    }

    @Override
    public boolean verifySignature(byte[] sig) {
        try {
            return sig != null && verifier.verify(sig);
        } catch (SignatureException e) { // a malformed signature does not verify
            return false;
        }
    }
}
