package io.iotls.mqtt.internal.client;

import java.util.ArrayDeque;

/**
 * Encoded packets waiting for a connection's writer, taken in batches of about one TLS record: many small packets
 * share a record (one encryption, one write), a big packet goes alone without being copied, and no buffer grows with
 * a burst. Not thread-safe: the connection guards it with its outbox lock.
 */
final class Outbox {
    /** The plaintext of one TLS record (RFC 8446 5.1). */
    static final int BATCH_BYTES = 16 * 1024;
    /** A queue that held more packets than this during a burst is replaced once empty, rather than kept at its peak. */
    private static final int KEEP_SLOTS = 256;

    private ArrayDeque<byte[]> packets = new ArrayDeque<>(4);
    private long bytes;
    private int peak;

    void add(byte[] packet) {
        packets.addLast(packet);
        bytes += packet.length;
        peak = Math.max(peak, packets.size());
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /** The length of the next packet; 0 when empty. */
    int firstLength() {
        byte[] first = packets.peekFirst();
        return first == null ? 0 : first.length;
    }

    /** Bytes queued, for back-pressure. */
    long bytes() {
        return bytes;
    }

    /**
     * The next bytes to write, in order: a packet of {@link #BATCH_BYTES} or more alone, else as many whole packets as
     * fit in one batch, copied into one array. Null when empty.
     */
    byte[] nextBatch() {
        byte[] first = packets.pollFirst();
        if (first == null) return null;
        byte[] batch = first;
        if (first.length < BATCH_BYTES && !packets.isEmpty()) {
            int size = first.length;
            for (byte[] p : packets) {
                if (size + p.length > BATCH_BYTES) break;
                size += p.length;
            }
            if (size > first.length) {
                batch = new byte[size];
                System.arraycopy(first, 0, batch, 0, first.length);
                for (int at = first.length; at < size; ) {
                    byte[] p = packets.pollFirst();
                    System.arraycopy(p, 0, batch, at, p.length);
                    at += p.length;
                }
            }
        }
        bytes -= batch.length;
        if (packets.isEmpty() && peak > KEEP_SLOTS) {
            packets = new ArrayDeque<>(4);
            peak = 0;
        }
        return batch;
    }
}
