package io.iotls.transport.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * AES-GCM for one direction of one connection, on a JCA cipher (the JDK's, with its AES and GHASH intrinsics). Bouncy
 * Castle sets the key; each record starts with {@link GCMParameterSpec} directly (BC's own impl goes through
 * {@code AlgorithmParameters} for providers without it). {@link #seal} encrypts from the caller's plaintext into any
 * array, which is what lets {@link GcmRecordCipher} skip BC's per-record copy and allocation.
 */
final class JdkAesGcm implements TlsAEADCipherImpl {
    static final int TAG_BYTES = 16;

    private final Cipher cipher;
    private final int mode;
    private final int keySize;
    private final byte[] trailer = new byte[1];
    private SecretKeySpec key;

    JdkAesGcm(Cipher cipher, int keySize, boolean encrypting) {
        this.cipher = cipher;
        this.keySize = keySize;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    @Override
    public void setKey(byte[] key, int keyOff, int keyLen) {
        if (keyLen != keySize) throw new IllegalStateException("AES key of " + keyLen + " bytes, expected " + keySize);
        this.key = new SecretKeySpec(key, keyOff, keyLen, "AES");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        try {
            cipher.init(mode, key, new GCMParameterSpec(macSize * 8, nonce));
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
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
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
