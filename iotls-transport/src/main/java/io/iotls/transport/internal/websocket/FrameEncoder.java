package io.iotls.transport.internal.websocket;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Builds a client's WebSocket frames (RFC 6455 5.2): FIN set, never fragmented, masked with a fresh key from a strong
 * random source as 5.3 requires. Each frame is one array, so one write sends it whole. Thread-safe.
 */
final class FrameEncoder {
    private final SecureRandom random = strongRandom();

    /** One frame of {@code opcode} carrying {@code head} followed by {@code body}. */
    byte[] frame(int opcode, byte[] head, byte[] body) {
        return frame(opcode, head, body, 0, body.length);
    }

    /** One frame of {@code head} followed by {@code bodyLength} bytes of {@code body} from {@code bodyOffset}. */
    byte[] frame(int opcode, byte[] head, byte[] body, int bodyOffset, int bodyLength) {
        int length = head.length + bodyLength;
        int lengthBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
        int headerLength = 2 + lengthBytes + 4;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) (0x80 | opcode);
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) frame[2 + i] = (byte) (i < 4 ? 0 : length >>> (8 * (7 - i)));
        }
        byte[] mask = new byte[4];
        synchronized (random) {
            random.nextBytes(mask);
        }
        System.arraycopy(mask, 0, frame, 2 + lengthBytes, 4);
        System.arraycopy(head, 0, frame, headerLength, head.length);
        System.arraycopy(body, bodyOffset, frame, headerLength + head.length, bodyLength);
        for (int i = 0; i < length; i++) frame[headerLength + i] ^= mask[i & 3];
        return frame;
    }

    /** A close frame with a status code (1000 normal, 1002 protocol error). */
    byte[] close(int code) {
        return frame(FrameDecoder.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, new byte[0]);
    }

    private static SecureRandom strongRandom() {
        try {
            return SecureRandom.getInstance("DRBG"); // seeded from the system's entropy; no lock on /dev/urandom per frame
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
