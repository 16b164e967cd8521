package io.iotls.transport.internal.io;

import java.lang.reflect.Field;
import org.bouncycastle.tls.ByteQueue;
import org.bouncycastle.tls.TlsProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bouncy Castle's protocol keeps two private input queues (application data, handshake messages) at the size of
 * their largest content, at least 512 bytes each once anything arrived (the CONNACK, TLS 1.3 tickets): 1 KB on every
 * idle connection. {@link ByteQueue#shrink()} gives an empty queue's buffer back; the fields are reached by
 * reflection, read once. Without them (another BC version, BC on the module path) nothing is shrunk.
 */
public final class BcQueues {
    private static final Logger LOG = LoggerFactory.getLogger(BcQueues.class);
    private static final Field APPLICATION_DATA = queue("applicationDataQueue");
    private static final Field HANDSHAKE = queue("handshakeQueue");

    private BcQueues() {}

    public static boolean available() {
        return APPLICATION_DATA != null && HANDSHAKE != null;
    }

    private static Field queue(String name) {
        try {
            Field f = TlsProtocol.class.getDeclaredField(name);
            if (f.getType() != ByteQueue.class) throw new NoSuchFieldException(name + " is a " + f.getType());
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot reach Bouncy Castle's {}: idle connections keep its buffer ({})", name, e.toString());
            return null;
        }
    }

    /** Gives back the buffers of the queues that are empty. Call with the protocol's lock held. */
    static void shrinkEmpty(TlsProtocol protocol) {
        shrink(APPLICATION_DATA, protocol);
        shrink(HANDSHAKE, protocol);
    }

    private static void shrink(Field queue, TlsProtocol protocol) {
        if (queue == null) return;
        try {
            ByteQueue q = (ByteQueue) queue.get(protocol);
            if (q.available() == 0) q.shrink();
        } catch (IllegalAccessException e) {
            // set accessible above: cannot happen
        }
    }
}
