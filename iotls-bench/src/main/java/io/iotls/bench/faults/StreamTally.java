package io.iotls.bench.faults;

import io.iotls.mqtt.MqttMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** What the subscriber received of the two numbered streams ({@code .../q1}, {@code .../q2}): how often each number came. */
final class StreamTally {
    private final int size;
    private final AtomicIntegerArray q1;
    private final AtomicIntegerArray q2;
    private final AtomicInteger distinctQ1 = new AtomicInteger();
    private final AtomicInteger distinctQ2 = new AtomicInteger();
    private final AtomicInteger highestQ1 = new AtomicInteger(-1);
    private final AtomicInteger highestQ2 = new AtomicInteger(-1);
    private final AtomicInteger strays = new AtomicInteger();

    StreamTally(int size) {
        this.size = size;
        q1 = new AtomicIntegerArray(size);
        q2 = new AtomicIntegerArray(size);
    }

    void add(MqttMessage m) {
        boolean first = m.topic().endsWith("/q1");
        int n;
        try {
            n = Integer.parseInt(m.payloadAsString());
        } catch (NumberFormatException e) {
            strays.incrementAndGet();
            return;
        }
        if (n < 0 || n >= size) {
            strays.incrementAndGet();
            return;
        }
        if ((first ? q1 : q2).incrementAndGet(n) == 1) (first ? distinctQ1 : distinctQ2).incrementAndGet();
        (first ? highestQ1 : highestQ2).accumulateAndGet(n, Math::max);
    }

    /**
     * How far both streams have come: one more than the lower of their highest numbers received. Messages lost on
     * the way do not hold it back (mosquitto forwards in order, so what it still queues for the subscriber lies above).
     */
    int reach() {
        return Math.min(highestQ1.get(), highestQ2.get()) + 1;
    }

    /** Messages received, each number counted once per stream. */
    int distinct() {
        return distinctQ1.get() + distinctQ2.get();
    }

    boolean complete() {
        return distinct() == 2 * size;
    }

    List<Integer> missing(int qos) {
        AtomicIntegerArray counts = qos == 1 ? q1 : q2;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size; i++) if (counts.get(i) == 0) out.add(i);
        return out;
    }

    List<Integer> duplicated(int qos) {
        AtomicIntegerArray counts = qos == 1 ? q1 : q2;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size; i++) if (counts.get(i) > 1) out.add(i);
        return out;
    }

    /** Messages that were not one of the numbers of this run. */
    int strays() {
        return strays.get();
    }
}
