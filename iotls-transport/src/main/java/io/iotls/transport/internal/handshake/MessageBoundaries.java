package io.iotls.transport.internal.handshake;

import java.util.Optional;

/**
 * Follows handshake message boundaries over the records that carry them (a message may span several records, a
 * record hold several messages), so a peer that stops in the middle of one can be named at that message with how
 * much of it came. Fed the plaintext of each handshake record, in order; owned by the protocol's thread.
 */
final class MessageBoundaries {
    /** A message begun and not finished: its type, the body bytes that came, its length (-1 while the header is cut). */
    record Partial(short type, int received, int length) {}

    private final byte[] header = new byte[4];
    private int headerBytes;
    private int bodyRemaining;

    void follow(byte[] buf, int off, int len) {
        int at = off, end = off + len;
        while (at < end) {
            if (headerBytes < 4) {
                header[headerBytes++] = buf[at++];
                if (headerBytes == 4) bodyRemaining = length();
            } else {
                int n = Math.min(bodyRemaining, end - at);
                at += n;
                bodyRemaining -= n;
            }
            if (headerBytes == 4 && bodyRemaining == 0) headerBytes = 0; // whole: the next byte starts a message
        }
    }

    /** The message in progress, if the bytes so far end inside one. */
    Optional<Partial> partial() {
        if (headerBytes == 0) return Optional.empty();
        if (headerBytes < 4) return Optional.of(new Partial(header[0], 0, -1));
        return Optional.of(new Partial(header[0], length() - bodyRemaining, length()));
    }

    private int length() {
        return ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    }
}
