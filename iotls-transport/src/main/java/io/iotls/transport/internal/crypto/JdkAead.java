package io.iotls.transport.internal.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * An AEAD cipher for one direction of one connection, on the JDK's AES-GCM or ChaCha20-Poly1305 (with their
 * intrinsics). Bouncy Castle sets the key; each record starts with its parameter spec directly (BC's own impls go through
 * {@code AlgorithmParameters}, or run ChaCha20 and Poly1305 in Java as two primitives). {@link #seal} encrypts from the
 * caller's plaintext into any array, which is what lets {@link AeadRecordCipher} skip BC's per-record copy and allocation.
 */
final class JdkAead implements TlsAEADCipherImpl {
    static final int TAG_BYTES = 16;

    private final Cipher cipher;
    private final int mode;
    private final int keySize;
    private final boolean chaCha;
    private final byte[] trailer = new byte[1];
    private SecretKeySpec key;

    private JdkAead(Cipher cipher, int keySize, boolean chaCha, boolean encrypting) {
        this.cipher = cipher;
        this.keySize = keySize;
        this.chaCha = chaCha;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    /** {@code cipher}: an "AES/GCM/NoPadding" instance; {@code keySize} 16 or 32. */
    static JdkAead aesGcm(Cipher cipher, int keySize, boolean encrypting) {
        return new JdkAead(cipher, keySize, false, encrypting);
    }

    /** {@code cipher}: a "ChaCha20-Poly1305" instance (RFC 8439). */
    static JdkAead chaCha20Poly1305(Cipher cipher, boolean encrypting) {
        return new JdkAead(cipher, 32, true, encrypting);
    }

    @Override
    public void setKey(byte[] key, int keyOff, int keyLen) {
        if (keyLen != keySize) throw new IllegalStateException("key of " + keyLen + " bytes, expected " + keySize);
        this.key = new SecretKeySpec(key, keyOff, keyLen, chaCha ? "ChaCha20" : "AES");
    }

    private AlgorithmParameterSpec parameters(byte[] nonce, int macSize) throws TlsFatalAlert {
        if (macSize != TAG_BYTES) throw new TlsFatalAlert(AlertDescription.internal_error);
        return chaCha ? new IvParameterSpec(nonce) : new GCMParameterSpec(TAG_BYTES * 8, nonce);
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        try {
            cipher.init(mode, key, parameters(nonce, macSize));
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return cipher.getOutputSize(inputLength);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                       int outputOffset) throws IOException {
        try {
            if (additionalData != null && additionalData.length > 0) cipher.updateAAD(additionalData);
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset); // one call: nothing unverified leaves
        } catch (GeneralSecurityException e) { // a decrypting cipher's tag did not match
            throw new TlsFatalAlert(mode == Cipher.DECRYPT_MODE ? AlertDescription.bad_record_mac : AlertDescription.internal_error, e);
        }
    }

    /**
     * Encrypts {@code plaintext}, then the byte {@code trailer} if it is not negative (TLS 1.3's inner content type),
     * into {@code output} at {@code outputOffset}, and appends the tag.
     * @return the bytes written: the plaintext's length, plus one with a trailer, plus {@link #TAG_BYTES}
     */
    int seal(byte[] nonce, byte[] additionalData, byte[] plaintext, int offset, int length, int trailer,
             byte[] output, int outputOffset) throws IOException {
        try {
            cipher.init(mode, key, parameters(nonce, TAG_BYTES));
            cipher.updateAAD(additionalData);
            int written = cipher.update(plaintext, offset, length, output, outputOffset);
            if (trailer < 0) return written + cipher.doFinal(output, outputOffset + written);
            this.trailer[0] = (byte) trailer;
            return written + cipher.doFinal(this.trailer, 0, 1, output, outputOffset + written);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
