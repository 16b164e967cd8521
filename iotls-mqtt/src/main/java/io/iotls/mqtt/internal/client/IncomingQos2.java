package io.iotls.mqtt.internal.client;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The identifiers of QoS 2 messages received and not yet released (PUBLISH seen, PUBREL not yet): a PUBLISH with one
 * of them is the broker sending it again, acknowledged and not delivered twice. With a message store they are on disk
 * before PUBREC goes out, so the next process knows them too.
 *
 * <p>Not thread-safe: {@link ClientEngine} calls it from its session tasks only.
 */
final class IncomingQos2 {
    private final Set<Integer> ids = new HashSet<>();
    private final StoreWork store; // null without persistence

    IncomingQos2(StoreWork store) {
        this.store = store;
    }

    /** What an earlier process recorded. */
    void restore(Collection<Integer> recorded) {
        ids.addAll(recorded);
    }

    /** The message came for the first time (true), or again before its PUBREL (false). */
    boolean firstTime(int packetId) {
        return ids.add(packetId);
    }

    /** {@code acknowledge} (the PUBREC) runs once the identifier is recorded: at once, or after the store's write. */
    Runnable acknowledgeWhenRecorded(int packetId, Runnable acknowledge) {
        return store == null ? acknowledge : () -> store.markReceivedThen(packetId, acknowledge);
    }

    /** PUBREL came: the exchange is over. False if the identifier was not known. */
    boolean released(int packetId) {
        boolean known = ids.remove(packetId);
        if (known && store != null) store.forgetReceived(packetId);
        return known;
    }

    /** Not acknowledged before its connection ended: the broker sends it again, and it is delivered then. */
    void forgetUnacknowledged(int packetId) {
        ids.remove(packetId);
    }

    /** The broker came back without our session: nothing of the old one will be released. */
    void sessionLost() {
        ids.clear();
        if (store != null) store.clearReceived();
    }
}
