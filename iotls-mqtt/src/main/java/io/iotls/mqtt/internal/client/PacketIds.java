package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttException;
import java.util.BitSet;

/**
 * The packet identifiers a client holds (MQTT 2.2.1): one per QoS 1/2 message from the moment it is published until it
 * is acknowledged or given up, and one per SUBSCRIBE / UNSUBSCRIBE awaiting its answer. A message keeps its identifier
 * across reconnects and, with a message store, across a restart of the process: a broker that still holds a QoS 2
 * message under that identifier then sees the same message again, never a new one under an old identifier. Used by the
 * engine's session tasks only.
 */
final class PacketIds {
    /** Grows with the highest identifier used so far (up to 8 KB): an idle client holds a few bytes, not 8 KB. */
    private final BitSet used = new BitSet();
    private int next = 1;

    /** A free identifier, now held. */
    int take() throws MqttException {
        for (int tries = 0; tries < 65_535; tries++) {
            int id = next;
            next = next == 65_535 ? 1 : next + 1;
            if (!used.get(id)) {
                used.set(id);
                return id;
            }
        }
        throw new MqttException("all 65,535 packet identifiers are in use: too many messages wait for the broker");
    }

    /** Holds {@code id} (restored from the store); false if it is already held. */
    boolean hold(int id) {
        if (id < 1 || id > 65_535 || used.get(id)) return false;
        used.set(id);
        return true;
    }

    void release(int id) {
        if (id > 0) used.clear(id);
    }
}
