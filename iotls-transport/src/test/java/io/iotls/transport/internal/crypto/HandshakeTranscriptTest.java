package io.iotls.transport.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.junit.jupiter.api.Test;

/** RFC 8446 4.4.1: the transcript hash, and the first ClientHello as message_hash after a HelloRetryRequest. */
class HandshakeTranscriptTest {
    private static final byte[] HRR_RANDOM = HexFormat.of().parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    private static byte[] message(int type, byte[] body) {
        byte[] m = new byte[4 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) (body.length >> 16);
        m[2] = (byte) (body.length >> 8);
        m[3] = (byte) body.length;
        System.arraycopy(body, 0, m, 4, body.length);
        return m;
    }

    private static byte[] serverHello(byte[] random) {
        byte[] body = new byte[40];
        body[0] = 3;
        body[1] = 3;
        System.arraycopy(random, 0, body, 2, 32);
        return message(2, body);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] sha(String algorithm, byte[] data) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(data);
    }

    private final byte[] clientHello = message(1, "client hello body".getBytes());
    private final byte[] serverHello = serverHello(new byte[32]);
    private final byte[] finished = message(20, new byte[32]);

    @Test
    void isTheHashOfEveryMessageInOrderWhateverTheFragments() throws Exception {
        byte[] all = concat(clientHello, serverHello, finished);
        var transcript = new HandshakeTranscript();
        transcript.append(clientHello, 0, clientHello.length);
        transcript.append(serverHello, 0, 7); // a message split over two records
        transcript.append(serverHello, 7, serverHello.length - 7);
        transcript.append(finished, 0, finished.length);
        assertThat(transcript.hash(CryptoHashAlgorithm.sha256)).isEqualTo(sha("SHA-256", all));
        assertThat(transcript.hash(CryptoHashAlgorithm.sha384)).isEqualTo(sha("SHA-384", all));
    }

    @Test
    void aHelloRetryRequestTurnsTheFirstClientHelloIntoMessageHash() throws Exception {
        byte[] retry = serverHello(HRR_RANDOM);
        byte[] secondHello = message(1, "second client hello".getBytes());
        byte[] firstHash = sha("SHA-384", clientHello);
        byte[] messageHash = concat(new byte[] {(byte) 254, 0, 0, (byte) firstHash.length}, firstHash);
        var transcript = new HandshakeTranscript();
        for (byte[] m : new byte[][] {clientHello, retry, secondHello, serverHello, finished}) transcript.append(m, 0, m.length);
        assertThat(transcript.hash(CryptoHashAlgorithm.sha384))
                .isEqualTo(sha("SHA-384", concat(messageHash, retry, secondHello, serverHello, finished)))
                .isNotEqualTo(sha("SHA-384", concat(clientHello, retry, secondHello, serverHello, finished)));
    }

    @Test
    void refusesToHashHalfAMessage() {
        var transcript = new HandshakeTranscript();
        transcript.append(clientHello, 0, clientHello.length - 1);
        assertThatThrownBy(() -> transcript.hash(CryptoHashAlgorithm.sha256)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a message");
        transcript.clear();
        assertThat(transcript.size()).isZero();
    }
}
