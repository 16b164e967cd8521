package io.iotls.transport.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;

/**
 * The TLS 1.3 handshake transcript (RFC 8446 4.4.1), kept by iotls itself: every handshake message in wire order,
 * fed as plaintext by the protocol (received messages whole, sent ones as the record layer's fragments), hashed on
 * demand. Bouncy Castle keeps its own transcript private; iotls needs it once, for the resumption master secret.
 * After a HelloRetryRequest the first ClientHello counts as the synthetic {@code message_hash} message.
 * Owned by the protocol's thread; holds public handshake bytes only (no secrets).
 */
public final class HandshakeTranscript {
    private static final int MESSAGE_HASH = 254;
    private static final int SERVER_HELLO = 2;
    /** The HelloRetryRequest's fixed random (RFC 8446 4.1.3): SHA-256 of "HelloRetryRequest". */
    private static final byte[] HELLO_RETRY_RANDOM = java.util.HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    /** Made with the first message and given back by {@link #clear}: a connection keeps its protocol for its whole life. */
    private ByteArrayOutputStream messages;

    /** Appends handshake bytes: whole messages or consecutive fragments of them, in the order they crossed the wire. */
    public void append(byte[] buf, int off, int len) {
        if (messages == null) messages = new ByteArrayOutputStream(4096);
        messages.write(buf, off, len);
    }

    /** The bytes held so far (for sizes in tests and traces). */
    public int size() {
        return messages == null ? 0 : messages.size();
    }

    /** Forgets every message and gives the buffer back (the handshake completed, or TLS 1.2 was chosen). */
    public void clear() {
        messages = null;
    }

    /**
     * Transcript-Hash over every complete message held, with {@code cryptoHashAlgorithm} (a Bouncy Castle
     * {@link CryptoHashAlgorithm}, SHA-256 or SHA-384 for TLS 1.3).
     *
     * @throws IllegalStateException when the bytes held do not end on a message boundary
     */
    public byte[] hash(int cryptoHashAlgorithm) {
        MessageDigest digest = digest(cryptoHashAlgorithm);
        byte[] all = messages == null ? new byte[0] : messages.toByteArray();
        int at = 0;
        while (at < all.length) {
            if (all.length - at < 4) throw new IllegalStateException("transcript ends inside a message header");
            int length = ((all[at + 1] & 0xFF) << 16) | ((all[at + 2] & 0xFF) << 8) | (all[at + 3] & 0xFF);
            int end = at + 4 + length;
            if (end > all.length) throw new IllegalStateException("transcript ends inside a message");
            if (helloRetryRequest(all, at, length)) {
                byte[] firstHellos = digest.digest(); // everything before it: the first ClientHello
                digest.update(new byte[] {(byte) MESSAGE_HASH, 0, 0, (byte) firstHellos.length});
                digest.update(firstHellos);
            }
            digest.update(all, at, end - at);
            at = end;
        }
        return digest.digest();
    }

    /** A ServerHello whose random is the HelloRetryRequest constant: legacy_version(2) then random(32). */
    private static boolean helloRetryRequest(byte[] all, int at, int length) {
        return all[at] == SERVER_HELLO && length >= 34
                && Arrays.equals(all, at + 6, at + 38, HELLO_RETRY_RANDOM, 0, HELLO_RETRY_RANDOM.length);
    }

    private static MessageDigest digest(int cryptoHashAlgorithm) {
        String name = switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256 -> "SHA-256";
            case CryptoHashAlgorithm.sha384 -> "SHA-384";
            case CryptoHashAlgorithm.sha512 -> "SHA-512";
            default -> throw new IllegalArgumentException("no TLS 1.3 transcript hash " + cryptoHashAlgorithm);
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " missing from the JDK", e);
        }
    }
}
