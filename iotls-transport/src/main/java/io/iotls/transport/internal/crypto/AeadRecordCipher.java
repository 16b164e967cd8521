package io.iotls.transport.internal.crypto;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.TlsImplUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * AEAD records: AES-GCM for TLS 1.2 (RFC 5288) and TLS 1.3 (RFC 8446 5.2), ChaCha20-Poly1305 for both (RFC 7905), on
 * the JDK's ciphers ({@link JdkAead}). Bouncy Castle's {@link TlsAEADCipher} derives the keys and opens incoming records,
 * in place. Outgoing records are sealed here instead: BC allocates a new array for every record, copies the plaintext
 * into it and encrypts in place; this encrypts from the caller's bytes straight into one buffer per connection, which
 * BC's record layer copies out before the next record. A stream of 16 KiB records then allocates nothing. The buffer
 * is weakly held: a connection that goes idle gives it back at the next GC.
 */
final class AeadRecordCipher implements TlsCipher {
    private static final int IV_BYTES = 12;
    private static final int FIXED_IV_BYTES_GCM_TLS12 = 4; // the rest of the nonce is explicit: the sequence number
    private static final int EXPLICIT_NONCE_BYTES_GCM_TLS12 = 8;
    private static final int ROUND_BUFFER = 1024;

    private final TlsAEADCipher keysAndDecryption;
    private final JdkAead sealing;
    private final TlsCryptoParameters params;
    private final boolean tls13;
    private final boolean explicitNonce; // TLS 1.2 AES-GCM; otherwise the IV xor the sequence number (RFC 7905, 8446)
    private final byte[] iv; // the per-direction IV; TLS 1.2 AES-GCM: its 4 fixed (implicit) bytes
    private final byte[] nonce = new byte[IV_BYTES]; // per record; the JCA parameter specs copy it
    private final byte[] additionalData;
    private WeakReference<byte[]> buffer = new WeakReference<>(null);

    /**
     * @param keysAndDecryption BC's cipher over {@code sealing} (encrypting) and a decrypting impl: it sets both keys
     * @param gcm AES-GCM (else ChaCha20-Poly1305)
     */
    private AeadRecordCipher(TlsCryptoParameters params, TlsAEADCipher keysAndDecryption, JdkAead sealing, int keySize,
                             boolean gcm) throws IOException {
        this.params = params;
        this.keysAndDecryption = keysAndDecryption;
        this.sealing = sealing;
        SecurityParameters handshake = params.getSecurityParametersHandshake();
        this.tls13 = TlsUtils.isTLSv13(handshake.getNegotiatedVersion());
        this.explicitNonce = gcm && !tls13;
        this.additionalData = new byte[tls13 ? 5 : 13];
        this.iv = tls13 ? tls13Iv(handshake) : tls12Iv(keySize, explicitNonce ? FIXED_IV_BYTES_GCM_TLS12 : IV_BYTES);
    }

    /**
     * The record cipher for this suite's AEAD on the JDK's ciphers, or null where Bouncy Castle's own applies: other
     * ciphers, DTLS, connection IDs, BC's FIPS mode, or a JCA without the cipher.
     */
    static TlsCipher create(JcaTlsCrypto crypto, TlsCryptoParameters params, int encryptionAlgorithm) throws IOException {
        SecurityParameters handshake = params.getSecurityParametersHandshake();
        if (handshake.getNegotiatedVersion().isDTLS() || crypto.getFipsGCMNonceGeneratorFactory() != null
                || !isEmpty(handshake.getConnectionIDLocal()) || !isEmpty(handshake.getConnectionIDPeer())) {
            return null;
        }
        try {
            return switch (encryptionAlgorithm) {
                case EncryptionAlgorithm.AES_128_GCM -> aesGcm(crypto, params, 16);
                case EncryptionAlgorithm.AES_256_GCM -> aesGcm(crypto, params, 32);
                case EncryptionAlgorithm.CHACHA20_POLY1305 -> chaCha20Poly1305(crypto, params);
                default -> null;
            };
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static TlsCipher aesGcm(JcaTlsCrypto crypto, TlsCryptoParameters params, int keySize)
            throws IOException, GeneralSecurityException {
        JdkAead sealing = JdkAead.aesGcm(crypto.getHelper().createCipher("AES/GCM/NoPadding"), keySize, true);
        JdkAead opening = JdkAead.aesGcm(crypto.getHelper().createCipher("AES/GCM/NoPadding"), keySize, false);
        TlsAEADCipher bc = new TlsAEADCipher(params, sealing, opening, keySize, JdkAead.TAG_BYTES, TlsAEADCipher.AEAD_GCM, null);
        return new AeadRecordCipher(params, bc, sealing, keySize, true);
    }

    private static TlsCipher chaCha20Poly1305(JcaTlsCrypto crypto, TlsCryptoParameters params)
            throws IOException, GeneralSecurityException {
        JdkAead sealing = JdkAead.chaCha20Poly1305(crypto.getHelper().createCipher("ChaCha20-Poly1305"), true);
        JdkAead opening = JdkAead.chaCha20Poly1305(crypto.getHelper().createCipher("ChaCha20-Poly1305"), false);
        TlsAEADCipher bc = new TlsAEADCipher(params, sealing, opening, 32, JdkAead.TAG_BYTES,
                TlsAEADCipher.AEAD_CHACHA20_POLY1305, null);
        return new AeadRecordCipher(params, bc, sealing, 32, false);
    }

    private static boolean isEmpty(byte[] b) {
        return b == null || b.length == 0;
    }

    /** RFC 8446 7.3: the IV from this side's traffic secret, as BC derives it for its own nonce. */
    private byte[] tls13Iv(SecurityParameters securityParameters) throws IOException {
        TlsSecret secret = params.isServer() ? securityParameters.getTrafficSecretServer() : securityParameters.getTrafficSecretClient();
        if (secret == null) throw new TlsFatalAlert(AlertDescription.internal_error);
        return TlsCryptoUtils.hkdfExpandLabel(secret, securityParameters.getPRFCryptoHashAlgorithm(), "iv",
                TlsUtils.EMPTY_BYTES, IV_BYTES).extract();
    }

    /** RFC 5246 6.3: key block = client key, server key, client IV, server IV. */
    private byte[] tls12Iv(int keySize, int ivBytes) {
        byte[] keyBlock = TlsImplUtils.calculateKeyBlock(params, 2 * keySize + 2 * ivBytes);
        int at = 2 * keySize + (params.isServer() ? ivBytes : 0);
        byte[] fixed = Arrays.copyOfRange(keyBlock, at, at + ivBytes);
        Arrays.fill(keyBlock, (byte) 0);
        return fixed;
    }

    @Override
    public TlsEncodeResult encodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
                                           int headerAllocation, byte[] plaintext, int offset, int length) throws IOException {
        int innerLength = length + (tls13 ? 1 : 0); // TLSInnerPlaintext: content, then the real type, no padding
        int explicitNonceBytes = explicitNonce ? EXPLICIT_NONCE_BYTES_GCM_TLS12 : 0;
        int ciphertextLength = explicitNonceBytes + innerLength + JdkAead.TAG_BYTES;
        byte[] out = buffer(headerAllocation + ciphertextLength);
        nonce(seqNo);
        short recordType = tls13 ? ContentType.application_data : contentType;
        if (tls13) {
            additionalData13(recordType, recordVersion, ciphertextLength);
        } else {
            additionalData12(seqNo, contentType, recordVersion, length);
        }
        int at = headerAllocation;
        if (explicitNonce) {
            System.arraycopy(nonce, FIXED_IV_BYTES_GCM_TLS12, out, at, EXPLICIT_NONCE_BYTES_GCM_TLS12);
            at += EXPLICIT_NONCE_BYTES_GCM_TLS12;
        }
        int sealed = sealing.seal(nonce, additionalData, plaintext, offset, length, tls13 ? contentType : -1, out, at);
        if (sealed != innerLength + JdkAead.TAG_BYTES) throw new TlsFatalAlert(AlertDescription.internal_error);
        return new TlsEncodeResult(out, 0, headerAllocation + ciphertextLength, recordType);
    }

    /** The IV xor the sequence number; TLS 1.2 AES-GCM: the fixed IV, then the sequence number as the explicit part. */
    private void nonce(long seqNo) {
        TlsUtils.writeUint64(seqNo, nonce, IV_BYTES - 8);
        if (explicitNonce) {
            System.arraycopy(iv, 0, nonce, 0, FIXED_IV_BYTES_GCM_TLS12);
        } else {
            for (int i = 0; i < IV_BYTES - 8; i++) nonce[i] = iv[i];
            for (int i = IV_BYTES - 8; i < IV_BYTES; i++) nonce[i] ^= iv[i];
        }
    }

    /** The record header: opaque_type, legacy_record_version, length. */
    private void additionalData13(short recordType, ProtocolVersion version, int ciphertextLength) throws IOException {
        TlsUtils.writeUint8(recordType, additionalData, 0);
        TlsUtils.writeVersion(version, additionalData, 1);
        TlsUtils.writeUint16(ciphertextLength, additionalData, 3);
    }

    /** seq_num, type, version, length. */
    private void additionalData12(long seqNo, short contentType, ProtocolVersion version, int plaintextLength)
            throws IOException {
        TlsUtils.writeUint64(seqNo, additionalData, 0);
        TlsUtils.writeUint8(contentType, additionalData, 8);
        TlsUtils.writeVersion(version, additionalData, 9);
        TlsUtils.writeUint16(plaintextLength, additionalData, 11);
    }

    /** This connection's output buffer, grown in 1 KiB steps; BC copies each record out before asking for the next. */
    private byte[] buffer(int size) {
        byte[] b = buffer.get();
        if (b == null || b.length < size) {
            b = new byte[(size + ROUND_BUFFER - 1) / ROUND_BUFFER * ROUND_BUFFER];
            buffer = new WeakReference<>(b);
        }
        return b;
    }

    @Override
    public TlsDecodeResult decodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion,
                                            byte[] ciphertext, int offset, int length) throws IOException {
        return keysAndDecryption.decodeCiphertext(seqNo, recordType, recordVersion, ciphertext, offset, length);
    }

    /** TLS 1.3 KeyUpdate: BC derives and sets the new key; the new IV comes from the same, updated, traffic secret. */
    @Override
    public void rekeyEncoder() throws IOException {
        keysAndDecryption.rekeyEncoder();
        byte[] next = tls13Iv(params.getSecurityParametersConnection());
        System.arraycopy(next, 0, iv, 0, IV_BYTES);
        Arrays.fill(next, (byte) 0);
    }

    @Override public void rekeyDecoder() throws IOException { keysAndDecryption.rekeyDecoder(); }
    @Override public int getCiphertextDecodeLimit(int plaintextLimit) { return keysAndDecryption.getCiphertextDecodeLimit(plaintextLimit); }
    @Override public int getCiphertextEncodeLimit(int plaintextLimit) { return keysAndDecryption.getCiphertextEncodeLimit(plaintextLimit); }
    @Override public int getPlaintextDecodeLimit(int ciphertextLimit) { return keysAndDecryption.getPlaintextDecodeLimit(ciphertextLimit); }
    @Override public int getPlaintextEncodeLimit(int ciphertextLimit) { return keysAndDecryption.getPlaintextEncodeLimit(ciphertextLimit); }
    @Override public boolean usesOpaqueRecordTypeDecode() { return keysAndDecryption.usesOpaqueRecordTypeDecode(); }
    @Override public boolean usesOpaqueRecordTypeEncode() { return keysAndDecryption.usesOpaqueRecordTypeEncode(); }
}
