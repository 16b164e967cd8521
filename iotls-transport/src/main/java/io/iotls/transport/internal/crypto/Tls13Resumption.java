package io.iotls.transport.internal.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsSecret;

/**
 * TLS 1.3 session resumption (RFC 8446 4.6.1 and 7.1) on top of Bouncy Castle 1.84, whose client ignores
 * NewSessionTicket and only offers external PSKs. Three small pieces fill that gap:
 * <ol>
 * <li>the resumption master secret, Derive-Secret(master secret, "res master", ClientHello..client Finished), taken
 *     when the handshake completes, over iotls' own {@link HandshakeTranscript} (BC keeps its transcript private);
 * <li>the PSK of each ticket, HKDF-Expand-Label(resumption master secret, "resumption", ticket_nonce, Hash.length);
 * <li>the binder: BC computes every offered PSK's binder with the "ext binder" label; the early secret of a
 *     resumption PSK swaps that label for "res binder" (same length, so the HkdfLabel stays well-formed).
 * </ol>
 * What BC still does not do: the obfuscated ticket age is sent as 0 (servers use it only to bound 0-RTT replays,
 * which iotls never sends), and BC's own server issues no TLS 1.3 tickets. No reflection: works on the module path.
 */
public final class Tls13Resumption {
    private static final byte[] EXT_BINDER = "tls13 ext binder".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RES_BINDER = "tls13 res binder".getBytes(StandardCharsets.US_ASCII);

    private Tls13Resumption() {}

    /**
     * The resumption master secret of the handshake being completed, from its transcript through the client's
     * Finished: call it after that Finished, before BC clears the handshake state. Null when there is no master secret.
     */
    public static TlsSecret resumptionMasterSecret(SecurityParameters params, HandshakeTranscript transcript) throws IOException {
        if (params.getMasterSecret() == null) return null;
        int hash = params.getPRFCryptoHashAlgorithm();
        return resumptionMasterSecret(params.getMasterSecret(), hash, transcript.hash(hash), params.getPRFHashLength());
    }

    /** Derive-Secret(master secret, "res master", transcript hash) (RFC 8446 7.1). */
    static TlsSecret resumptionMasterSecret(TlsSecret masterSecret, int cryptoHashAlgorithm, byte[] transcriptHash, int length)
            throws IOException {
        return TlsCryptoUtils.hkdfExpandLabel(masterSecret, cryptoHashAlgorithm, "res master", transcriptHash, length);
    }

    /** The PSK a ticket stands for; the caller owns (and wipes) the bytes. */
    public static byte[] ticketPsk(TlsSecret resumptionMasterSecret, int cryptoHashAlgorithm, byte[] ticketNonce) throws IOException {
        int length = TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm);
        return TlsCryptoUtils.hkdfExpandLabel(resumptionMasterSecret, cryptoHashAlgorithm, "resumption", ticketNonce, length).extract();
    }

    /** What {@code JcaTlsCrypto.hkdfInit} returns in our crypto: a zero salt that recognises a resumption PSK. */
    static TlsSecret hkdfInit(JcaTlsCrypto crypto, int cryptoHashAlgorithm) {
        return new Salt(crypto, new byte[TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm)]);
    }

    /** The key of a PSK that resumes a session: a plain secret, marked. */
    public static final class ResumptionPsk extends JceTlsSecret {
        public ResumptionPsk(JcaTlsCrypto crypto, byte[] psk) {
            super(crypto, psk);
        }
    }

    /** HKDF-Extract(0, PSK) gives the early secret; for a resumption PSK, one whose binder key uses "res binder". */
    private static final class Salt extends JceTlsSecret {
        Salt(JcaTlsCrypto crypto, byte[] zeros) {
            super(crypto, zeros);
        }

        @Override
        public synchronized TlsSecret hkdfExtract(int cryptoHashAlgorithm, TlsSecret ikm) {
            TlsSecret prk = super.hkdfExtract(cryptoHashAlgorithm, ikm);
            return ikm instanceof ResumptionPsk ? new ResumptionEarlySecret(crypto, prk.extract()) : prk;
        }
    }

    private static final class ResumptionEarlySecret extends JceTlsSecret {
        ResumptionEarlySecret(JcaTlsCrypto crypto, byte[] prk) {
            super(crypto, prk);
        }

        @Override
        public synchronized TlsSecret hkdfExpand(int cryptoHashAlgorithm, byte[] info, int length) {
            return super.hkdfExpand(cryptoHashAlgorithm, resumptionLabel(info), length);
        }
    }

    /** HkdfLabel = uint16 length, opaque label&lt;7..255&gt;, opaque context: the label starts at byte 3. */
    public static byte[] resumptionLabel(byte[] hkdfLabel) {
        if (hkdfLabel.length < 3 + EXT_BINDER.length || (hkdfLabel[2] & 0xFF) != EXT_BINDER.length
                || !Arrays.equals(hkdfLabel, 3, 3 + EXT_BINDER.length, EXT_BINDER, 0, EXT_BINDER.length)) {
            return hkdfLabel;
        }
        byte[] swapped = hkdfLabel.clone();
        System.arraycopy(RES_BINDER, 0, swapped, 3, RES_BINDER.length);
        return swapped;
    }
}
