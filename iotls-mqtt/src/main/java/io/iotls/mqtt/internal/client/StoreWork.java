package io.iotls.mqtt.internal.client;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store's file work after a message was saved (release records, deletes), run in order on the client's
 * store thread: never on the shared I/O thread, never in a session task, so a slow disk holds up only this
 * client's store. A failure is logged with what it means after a restart; the session goes on.
 */
final class StoreWork {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWork.class);
    private final MessageStore store;
    private final SerialRunner thread = new SerialRunner("iotls-mqtt-store");

    @FunctionalInterface
    private interface FileStep {
        void run() throws IOException;
    }

    StoreWork(MessageStore store) {
        this.store = store;
    }

    /** The message needs no more work. */
    void delete(long seq) {
        post(() -> store.delete(seq), "cannot delete stored message " + seq, "it may be sent again after a restart");
    }

    /** QoS 2: records PUBREC, then runs {@code then} (which sends PUBREL), also if the record failed. */
    void markReleasedThen(long seq, int packetId, Runnable then) {
        thread.post(() -> {
            step(() -> store.markReleased(seq, packetId), "cannot record PUBREC of stored message " + seq,
                    "after a restart it would be sent again");
            then.run();
        });
    }

    /** The message is to be sent again as new: its release record goes. */
    void clearReleased(long seq) {
        post(() -> store.clearReleased(seq), "cannot remove the release record of stored message " + seq,
                "after a restart it would be taken as released");
    }

    /** A received QoS 2 message: records it, then runs {@code then} (which sends PUBREC), also if the record failed. */
    void markReceivedThen(int packetId, Runnable then) {
        thread.post(() -> {
            step(() -> store.markReceived(packetId), "cannot record received QoS 2 message " + packetId,
                    "after a restart it could be delivered twice");
            then.run();
        });
    }

    /** PUBREL came for a received QoS 2 message. */
    void forgetReceived(int packetId) {
        post(() -> store.forgetReceived(packetId), "cannot remove the record of received QoS 2 message " + packetId,
                "a later message with that packet id may be taken for a duplicate after a restart");
    }

    /** The broker has no session: records of received QoS 2 messages go. */
    void clearReceived() {
        post(store::clearReceived, "cannot clear the records of received QoS 2 messages",
                "a later message with one of their packet ids may be taken for a duplicate after a restart");
    }

    /** Waits for what was posted so far, at most {@code timeout}: false if it had not finished. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return thread.awaitIdle(timeout);
    }

    private void post(FileStep step, String failure, String meaning) {
        thread.post(() -> step(step, failure, meaning));
    }

    private static void step(FileStep step, String failure, String meaning) {
        try {
            step.run();
        } catch (IOException e) {
            LOG.warn("{}: {} ({})", failure, e.toString(), meaning);
        }
    }
}
