package io.iotls.mqtt.internal.client;

import io.iotls.mqtt.MqttMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Manual acknowledgement of received QoS 1/2 messages: the application says when a message is done, and its PUBACK or
 * PUBREC goes out then, in the order the messages arrived (MQTT 4.6): one acknowledged early waits for those before
 * it. Used by the engine's session tasks only.
 */
final class ManualAcks {
    private static final class Pending {
        final MqttMessage message;
        final int qos2PacketId; // 0 for QoS 1
        final Runnable send;
        boolean done;

        Pending(MqttMessage message, int qos2PacketId, Runnable send) {
            this.message = message;
            this.qos2PacketId = qos2PacketId;
            this.send = send;
        }
    }

    private final ArrayDeque<Pending> inArrivalOrder = new ArrayDeque<>();
    private final IdentityHashMap<MqttMessage, Pending> byMessage = new IdentityHashMap<>();

    /** {@code message} arrived; {@code send} sends its acknowledgement. */
    void expect(MqttMessage message, int qos2PacketId, Runnable send) {
        Pending p = new Pending(message, qos2PacketId, send);
        inArrivalOrder.addLast(p);
        byMessage.put(message, p);
    }

    /**
     * The application is done with {@code message} (this very object).
     * @return the acknowledgements now due, in arrival order (empty while an earlier one waits); null if the message
     *         is not awaiting acknowledgement (done already, or its connection ended)
     */
    List<Runnable> acknowledge(MqttMessage message) {
        Pending p = byMessage.remove(message);
        if (p == null) return null;
        p.done = true;
        List<Runnable> due = new ArrayList<>();
        while (!inArrivalOrder.isEmpty() && inArrivalOrder.peekFirst().done) due.add(inArrivalOrder.pollFirst().send);
        return due;
    }

    /**
     * The connection ended: what was not acknowledged, the broker sends again on the next one.
     * @return the packet ids of QoS 2 messages among them, which must be delivered again, not taken for duplicates
     */
    List<Integer> connectionEnded() {
        List<Integer> qos2 = new ArrayList<>();
        for (Pending p : inArrivalOrder) if (p.qos2PacketId > 0) qos2.add(p.qos2PacketId);
        inArrivalOrder.clear();
        byMessage.clear();
        return qos2;
    }
}
