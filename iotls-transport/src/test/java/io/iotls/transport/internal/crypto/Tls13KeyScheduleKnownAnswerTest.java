package io.iotls.transport.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * Known answers from RFC 8448 (section 3, "Simple 1-RTT Handshake", and section 4, "Resumed 0-RTT Handshake") for
 * the pieces of Bouncy Castle's TLS 1.3 key schedule that iotls' session resumption builds on: a Bouncy Castle
 * upgrade that changes one fails here instead of silently degrading every reconnect to a full handshake.
 */
class Tls13KeyScheduleKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER_SECRET = HEX.parseHex("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
    private static final byte[] TRANSCRIPT_TO_CLIENT_FINISHED = HEX.parseHex("209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d");
    private static final byte[] RESUMPTION_MASTER_SECRET = HEX.parseHex("7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c");
    private static final byte[] TICKET_NONCE = {0, 0};
    private static final byte[] RESUMPTION_PSK = HEX.parseHex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3");
    private static final byte[] RESUMED_EARLY_SECRET = HEX.parseHex("9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c");

    private final JcaTlsCrypto crypto = Crypto.create();

    @Test
    void theResumptionMasterSecretOfRfc8448Section3() throws Exception {
        TlsSecret master = crypto.createSecret(MASTER_SECRET);
        TlsSecret resumption = Tls13Resumption.resumptionMasterSecret(master, CryptoHashAlgorithm.sha256, TRANSCRIPT_TO_CLIENT_FINISHED, 32);
        assertThat(HEX.formatHex(resumption.extract())).isEqualTo(HEX.formatHex(RESUMPTION_MASTER_SECRET));
    }

    @Test
    void theTicketPskOfRfc8448Section3() throws Exception {
        byte[] psk = Tls13Resumption.ticketPsk(crypto.createSecret(RESUMPTION_MASTER_SECRET), CryptoHashAlgorithm.sha256, TICKET_NONCE);
        assertThat(HEX.formatHex(psk)).isEqualTo(HEX.formatHex(RESUMPTION_PSK));
    }

    @Test
    void theEarlySecretOfRfc8448Section4AndItsResumptionBinderKey() throws Exception {
        TlsSecret early = Tls13Resumption.hkdfInit(crypto, CryptoHashAlgorithm.sha256).hkdfExtract(CryptoHashAlgorithm.sha256,
                new Tls13Resumption.ResumptionPsk(crypto, RESUMPTION_PSK));
        byte[] earlyBytes = early.extract();
        assertThat(HEX.formatHex(earlyBytes)).isEqualTo(HEX.formatHex(RESUMED_EARLY_SECRET));
        // Bouncy Castle asks for the "ext binder" key; for a resumption PSK iotls must give the "res binder" one
        // (RFC 8446 7.1), computed here independently with the JDK's HMAC
        TlsSecret again = Tls13Resumption.hkdfInit(crypto, CryptoHashAlgorithm.sha256).hkdfExtract(CryptoHashAlgorithm.sha256,
                new Tls13Resumption.ResumptionPsk(crypto, RESUMPTION_PSK));
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest();
        byte[] asked = again.hkdfExpand(CryptoHashAlgorithm.sha256, hkdfLabel("ext binder", emptyHash, 32), 32).extract();
        assertThat(HEX.formatHex(asked)).isEqualTo(HEX.formatHex(hkdfExpand(RESUMED_EARLY_SECRET, hkdfLabel("res binder", emptyHash, 32), 32)));
    }

    /** HkdfLabel (RFC 8446 7.1): uint16 length, opaque label<7..255> = "tls13 " + label, opaque context<0..255>. */
    private static byte[] hkdfLabel(String label, byte[] context, int length) {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + 1 + full.length + 1 + context.length];
        out[0] = (byte) (length >> 8);
        out[1] = (byte) length;
        out[2] = (byte) full.length;
        System.arraycopy(full, 0, out, 3, full.length);
        out[3 + full.length] = (byte) context.length;
        System.arraycopy(context, 0, out, 4 + full.length, context.length);
        return out;
    }

    /** HKDF-Expand (RFC 5869) with the JDK's HmacSHA256, for one block. */
    private static byte[] hkdfExpand(byte[] prk, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        byte[] t = mac.doFinal();
        return java.util.Arrays.copyOf(t, length);
    }
}
