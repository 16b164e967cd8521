package io.iotls.transport.internal.io;

import org.bouncycastle.tls.ByteQueue;

/**
 * A non-blocking BC protocol's queue of encrypted bytes waiting to be sent (its protected {@code outputBuffer}).
 * {@link RecordPump} writes from it to the socket directly, without copying it out first, and gives its buffer
 * back when the connection goes quiet (BC keeps it at its high-water mark).
 */
public interface OutputQueue {
    /** Use with the pump's lock held. */
    ByteQueue outputQueue();
}
