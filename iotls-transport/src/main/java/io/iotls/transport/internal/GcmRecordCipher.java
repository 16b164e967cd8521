package io.iotls.transport.internal;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
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

/**
 * AES-GCM records for TLS 1.2 (RFC 5288) and TLS 1.3 (RFC 8446 5.2). Bouncy Castle's {@link TlsAEADCipher} derives the
 * keys and opens incoming records, in place. Outgoing records are sealed here instead: BC allocates a new array for
 * every record, copies the plaintext into it and encrypts in place; this encrypts from the caller's bytes straight into
 * one buffer per connection, which BC's record layer copies out before the next record. A stream of 16 KiB records
 * then allocates nothing. The buffer is weakly held: a connection that goes idle gives it back at the next GC.
 */
final class GcmRecordCipher implements TlsCipher {
    private static final int IV_BYTES = 12;
    private static final int FIXED_IV_BYTES_TLS12 = 4; // the rest of the TLS 1.2 nonce is explicit: the sequence number
    private static final int EXPLICIT_NONCE_BYTES_TLS12 = 8;
    private static final int ROUND_BUFFER = 1024;

    private final TlsAEADCipher keysAndDecryption;
    private final JdkAesGcm sealing;
    private final TlsCryptoParameters params;
    private final boolean tls13;
    private final byte[] iv; // TLS 1.3: the whole per-direction IV; TLS 1.2: the 4 fixed (implicit) bytes
    private WeakReference<byte[]> buffer = new WeakReference<>(null);

    /**
     * @param keysAndDecryption BC's cipher over {@code sealing} (encrypting) and a decrypting impl: it sets both keys
     */
    GcmRecordCipher(TlsCryptoParameters params, TlsAEADCipher keysAndDecryption, JdkAesGcm sealing, int keySize)
            throws IOException {
        this.params = params;
        this.keysAndDecryption = keysAndDecryption;
        this.sealing = sealing;
        SecurityParameters handshake = params.getSecurityParametersHandshake();
        this.tls13 = TlsUtils.isTLSv13(handshake.getNegotiatedVersion());
        this.iv = tls13 ? tls13Iv(handshake) : tls12Iv(keySize);
    }

    /** RFC 8446 7.3: the IV from this side's traffic secret, as BC derives it for its own nonce. */
    private byte[] tls13Iv(SecurityParameters securityParameters) throws IOException {
        TlsSecret secret = params.isServer() ? securityParameters.getTrafficSecretServer() : securityParameters.getTrafficSecretClient();
        if (secret == null) throw new TlsFatalAlert(AlertDescription.internal_error);
        return TlsCryptoUtils.hkdfExpandLabel(secret, securityParameters.getPRFCryptoHashAlgorithm(), "iv",
                TlsUtils.EMPTY_BYTES, IV_BYTES).extract();
    }

    /** RFC 5246 6.3: key block = client key, server key, client IV, server IV. */
    private byte[] tls12Iv(int keySize) {
        byte[] keyBlock = TlsImplUtils.calculateKeyBlock(params, 2 * keySize + 2 * FIXED_IV_BYTES_TLS12);
        int at = 2 * keySize + (params.isServer() ? FIXED_IV_BYTES_TLS12 : 0);
        byte[] fixed = Arrays.copyOfRange(keyBlock, at, at + FIXED_IV_BYTES_TLS12);
        Arrays.fill(keyBlock, (byte) 0);
        return fixed;
    }

    @Override
    public TlsEncodeResult encodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
                                           int headerAllocation, byte[] plaintext, int offset, int length) throws IOException {
        int innerLength = length + (tls13 ? 1 : 0); // TLSInnerPlaintext: content, then the real type, no padding
        int explicitNonce = tls13 ? 0 : EXPLICIT_NONCE_BYTES_TLS12;
        int ciphertextLength = explicitNonce + innerLength + JdkAesGcm.TAG_BYTES;
        byte[] out = buffer(headerAllocation + ciphertextLength);
        byte[] nonce = nonce(seqNo);
        short recordType = tls13 ? ContentType.application_data : contentType;
        byte[] additionalData = tls13
                ? additionalData13(recordType, recordVersion, ciphertextLength)
                : additionalData12(seqNo, contentType, recordVersion, length);
        int at = headerAllocation;
        if (!tls13) {
            System.arraycopy(nonce, FIXED_IV_BYTES_TLS12, out, at, EXPLICIT_NONCE_BYTES_TLS12);
            at += EXPLICIT_NONCE_BYTES_TLS12;
        }
        int sealed = sealing.seal(nonce, additionalData, plaintext, offset, length, tls13 ? contentType : -1, out, at);
        if (sealed != innerLength + JdkAesGcm.TAG_BYTES) throw new TlsFatalAlert(AlertDescription.internal_error);
        return new TlsEncodeResult(out, 0, headerAllocation + ciphertextLength, recordType);
    }

    /** TLS 1.3: IV xor the sequence number; TLS 1.2: fixed IV, then the sequence number as the explicit part. */
    private byte[] nonce(long seqNo) {
        byte[] nonce = new byte[IV_BYTES];
        TlsUtils.writeUint64(seqNo, nonce, IV_BYTES - 8);
        if (tls13) {
            for (int i = 0; i < IV_BYTES; i++) nonce[i] ^= iv[i];
        } else {
            System.arraycopy(iv, 0, nonce, 0, FIXED_IV_BYTES_TLS12);
        }
        return nonce;
    }

    private static byte[] additionalData13(short recordType, ProtocolVersion version, int ciphertextLength) throws IOException {
        byte[] ad = new byte[5]; // the record header: opaque_type, legacy_record_version, length
        TlsUtils.writeUint8(recordType, ad, 0);
        TlsUtils.writeVersion(version, ad, 1);
        TlsUtils.writeUint16(ciphertextLength, ad, 3);
        return ad;
    }

    private static byte[] additionalData12(long seqNo, short contentType, ProtocolVersion version, int plaintextLength)
            throws IOException {
        byte[] ad = new byte[13]; // seq_num, type, version, length
        TlsUtils.writeUint64(seqNo, ad, 0);
        TlsUtils.writeUint8(contentType, ad, 8);
        TlsUtils.writeVersion(version, ad, 9);
        TlsUtils.writeUint16(plaintextLength, ad, 11);
        return ad;
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
